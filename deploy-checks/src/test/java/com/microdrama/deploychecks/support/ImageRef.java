package com.microdrama.deploychecks.support;

/** A container image reference split into name, tag and digest (either may be null). */
public record ImageRef(String name, String tag, String digest) {
    public static ImageRef parse(String image) {
        String digest = null;
        int at = image.indexOf('@');
        if (at >= 0) {
            digest = image.substring(at + 1);
            image = image.substring(0, at);
        }
        int colon = image.lastIndexOf(':');
        if (colon > image.lastIndexOf('/')) {
            return new ImageRef(image.substring(0, colon), image.substring(colon + 1), digest);
        }
        return new ImageRef(image, null, digest);
    }
}
