package com.microdrama.payment.store.appstore;

import com.apple.itunes.storekit.model.Environment;
import com.apple.itunes.storekit.model.JWSRenewalInfoDecodedPayload;
import com.apple.itunes.storekit.model.JWSTransactionDecodedPayload;
import com.apple.itunes.storekit.model.ResponseBodyV2DecodedPayload;
import com.apple.itunes.storekit.verification.SignedDataVerifier;
import com.apple.itunes.storekit.verification.VerificationException;
import com.apple.itunes.storekit.verification.VerificationStatus;
import com.microdrama.payment.config.PaymentConfig;
import com.microdrama.payment.store.ConfiguredFiles;
import com.microdrama.support.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Apple's {@link SignedDataVerifier}, one per accepted environment (decision 0020): the x5c chain must lead to a
 * trusted root with Apple's signing extensions, the ES256 signature must hold, bundle id, app id and environment must
 * be ours. Data of the other environment is tried with that environment's verifier when it is accepted too.
 */
@ApplicationScoped
public class AppStoreVerifier {
    /** SHA-256 of Apple Root CA - G3, the root that signs App Store data (apple.com/certificateauthority). */
    static final String APPLE_ROOT_CA_G3_SHA256 = "63343abfb89a6a03ebb57e9b3f5fa7be7c4f5c756f3017b3a8c488c3653e9179";

    private final Optional<String> bundleId;
    private final Map<Environment, SignedDataVerifier> verifiers = new LinkedHashMap<>();

    public AppStoreVerifier(PaymentConfig config) {
        PaymentConfig.AppStore appStore = config.appStore();
        this.bundleId = appStore.bundleId();
        if (bundleId.isEmpty()) {
            return;
        }
        List<byte[]> roots = appStore.rootCertificates().stream()
                .map(location -> ConfiguredFiles.read("payment.app-store.root-certificates", location)).toList();
        List<Environment> environments = appStore.environments().stream().map(AppStoreVerifier::environment).toList();
        String refusal = refusal(environments, roots, appStore.appAppleId().isPresent());
        if (refusal != null) {
            throw new IllegalStateException(refusal);
        }
        for (Environment environment : environments) {
            Set<InputStream> streams = roots.stream().map(ByteArrayInputStream::new).collect(Collectors.toSet());
            verifiers.put(environment, new SignedDataVerifier(streams, bundleId.get(),
                    appStore.appAppleId().orElse(null), environment, appStore.onlineChecks()));
        }
    }

    /**
     * Why this configuration must not start, or null: Production data is trusted only from Apple's own root (a test
     * root, like the local platform's, is for Sandbox only), and Production needs the app's Apple id.
     */
    static String refusal(List<Environment> environments, List<byte[]> roots, boolean appAppleIdSet) {
        if (!environments.contains(Environment.PRODUCTION)) {
            return null;
        }
        if (!appAppleIdSet) {
            return "payment.app-store.app-apple-id is required when payment.app-store.environments has Production";
        }
        for (byte[] root : roots) {
            if (!APPLE_ROOT_CA_G3_SHA256.equals(sha256(der(root)))) {
                return "payment.app-store.root-certificates has a root that is not Apple's ("
                        + der(root).getSubjectX500Principal().getName() + "): only Sandbox may trust another root";
            }
        }
        return null;
    }

    public boolean enabled() {
        return bundleId.isPresent();
    }

    public JWSTransactionDecodedPayload transaction(String signed) {
        return verify(v -> {
            try {
                return v.verifyAndDecodeTransaction(signed);
            } catch (VerificationException e) {
                throw new Failed(e);
            }
        });
    }

    public JWSRenewalInfoDecodedPayload renewalInfo(String signed) {
        return verify(v -> {
            try {
                return v.verifyAndDecodeRenewalInfo(signed);
            } catch (VerificationException e) {
                throw new Failed(e);
            }
        });
    }

    public ResponseBodyV2DecodedPayload notification(String signed) {
        return verify(v -> {
            try {
                return v.verifyAndDecodeNotification(signed);
            } catch (VerificationException e) {
                throw new Failed(e);
            }
        });
    }

    /** Tries each accepted environment's verifier while the answer is "another environment". */
    private <T> T verify(Function<SignedDataVerifier, T> call) {
        if (verifiers.isEmpty()) {
            throw AppStoreService.notEnabled();
        }
        List<String> statuses = new ArrayList<>();
        for (SignedDataVerifier verifier : verifiers.values()) {
            try {
                return call.apply(verifier);
            } catch (Failed e) {
                statuses.add(e.status.name());
                if (e.status != VerificationStatus.INVALID_ENVIRONMENT) {
                    break;
                }
            }
        }
        throw new ProblemException(422, "invalid-store-signature", "Not signed by the App Store",
                "The signed data did not verify as the App Store's for this app (" + String.join(", ", statuses)
                        + "); nothing was done", Map.of("verification", statuses.get(statuses.size() - 1)));
    }

    /** A verification failure carried through the functional call. */
    private static final class Failed extends RuntimeException {
        final VerificationStatus status;

        Failed(VerificationException e) {
            super(e.getStatus().name(), null, false, false);
            this.status = e.getStatus();
        }
    }

    private static Environment environment(String name) {
        return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "production" -> Environment.PRODUCTION;
            case "sandbox" -> Environment.SANDBOX;
            default -> throw new IllegalStateException("payment.app-store.environments: '" + name
                    + "' is not an App Store environment (Production, Sandbox)");
        };
    }

    private static X509Certificate der(byte[] encoded) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(encoded));
        } catch (CertificateException e) {
            throw new IllegalStateException("payment.app-store.root-certificates: not a certificate", e);
        }
    }

    private static String sha256(X509Certificate certificate) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
