package com.microdrama.catalog.paging;

/** Query-parameter paging shared by the browse and admin lists. */
public final class Paging {
    /** Digits only, so Bean Validation rejects "abc" or "-1" with a 400 problem naming the parameter. */
    public static final String NUMBER = "^[0-9]{1,9}$";
    public static final String NUMBER_MESSAGE = "must be a whole number";

    private Paging() {
    }
}
