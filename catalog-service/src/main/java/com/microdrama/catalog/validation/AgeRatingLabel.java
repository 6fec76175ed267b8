package com.microdrama.catalog.validation;

import com.microdrama.events.viewer.AgeRating;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** One of {@link AgeRating}'s labels; null is valid (use @NotNull for that). */
@Documented
@Constraint(validatedBy = AgeRatingLabel.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.TYPE_USE, ElementType.RECORD_COMPONENT})
@Retention(RetentionPolicy.RUNTIME)
public @interface AgeRatingLabel {
    String message() default "must be one of all, 7+, 13+, 16+, 18+";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    class Validator implements ConstraintValidator<AgeRatingLabel, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || AgeRating.fromLabel(value).isPresent();
        }
    }
}
