package com.microdrama.catalog.validation;

import com.microdrama.catalog.region.Regions;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** An assigned ISO 3166-1 alpha-2 code (US, BR, DE; any case, stored upper case); null is valid (use @NotNull for that). */
@Documented
@Constraint(validatedBy = RegionCode.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.TYPE_USE, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
public @interface RegionCode {
    String message() default "must be an ISO 3166-1 alpha-2 region code like 'US'";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<RegionCode, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || Regions.normalize(value).filter(code -> code.equalsIgnoreCase(value)).isPresent();
        }
    }
}
