package com.microdrama.keycloak.birthdate;

import org.keycloak.models.UserModel;
import org.keycloak.userprofile.AttributeContext;
import org.keycloak.userprofile.UserProfileAttributeValidationContext;
import org.keycloak.userprofile.UserProfileContext;
import org.keycloak.validate.SimpleValidator;
import org.keycloak.validate.ValidationContext;
import org.keycloak.validate.ValidationError;
import org.keycloak.validate.ValidatorConfig;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;

/**
 * User-profile validator {@value #ID}: {@link BirthdateRule} for the attribute it is configured on. Keycloak's
 * user profile has no "write once" permission (an attribute the user may not edit is also left out of the
 * registration form), hence this validator. Only the admin API ({@link UserProfileContext#USER_API}) may change or
 * clear a stored value; registration, the account console and API, and required actions may not.
 */
public final class BirthdateSetOnceValidator implements SimpleValidator {
    public static final String ID = "microdrama-birthdate-set-once";

    /** UTC+14 (Line Islands) is the first place on Earth to reach a date: a birthdate after it is in the future. */
    private static final ZoneOffset EARLIEST_ZONE = ZoneOffset.ofHours(14);

    private final Clock clock;

    public BirthdateSetOnceValidator() {
        this(Clock.systemUTC());
    }

    BirthdateSetOnceValidator(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public ValidationContext validate(Object input, String inputHint, ValidationContext context, ValidatorConfig config) {
        AttributeContext attribute = UserProfileAttributeValidationContext.from(context).getAttributeContext();
        UserModel user = attribute.getUser();
        List<String> stored = user == null ? List.of() : user.getAttributeStream(inputHint).toList();
        boolean adminApi = attribute.getContext() == UserProfileContext.USER_API;
        BirthdateRule.Verdict verdict = BirthdateRule.check(stored, values(input), adminApi,
                LocalDate.now(clock.withZone(EARLIEST_ZONE)));
        if (verdict != BirthdateRule.Verdict.ACCEPTED) {
            context.addError(new ValidationError(ID, inputHint, verdict.message()));
        }
        return context;
    }

    private static List<String> values(Object input) {
        if (input == null) {
            return List.of();
        }
        if (input instanceof Collection<?> many) {
            return many.stream().map(v -> v == null ? null : v.toString()).toList();
        }
        return List.of(input.toString());
    }
}
