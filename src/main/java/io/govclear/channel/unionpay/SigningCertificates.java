package io.govclear.channel.unionpay;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Decides whether a signPubKeyCert is UnionPay's: it must chain (through the configured intermediate, if any) to the
 * configured root, be valid now, name UnionPay's signing identity in its CN ({@code …@…@00040000:SIGN@…}) and have the
 * serial the message's certId names. Only then is its key used to check a signature. Accepted certificates are
 * remembered (UnionPay rotates them every few years), so the chain is validated once per certificate.
 */
final class SigningCertificates {

    /** A trusted signing key, or why the certificate is not trusted. */
    record Trust(PublicKey key, String problem) {
    }

    private final Set<TrustAnchor> anchors;
    private final List<X509Certificate> intermediates;
    private final String identity;
    private final Clock clock;
    private final Map<String, X509Certificate> accepted = new ConcurrentHashMap<>();

    SigningCertificates(String rootCert, Optional<String> middleCert, String identity, Clock clock) {
        this.anchors = Set.of(new TrustAnchor(AcpSignature.certificate(rootCert), null));
        this.intermediates = middleCert.map(AcpSignature::certificate).map(List::of).orElse(List.of());
        this.identity = identity;
        this.clock = clock;
    }

    Trust check(String signPubKeyCert, String certId) {
        if (signPubKeyCert == null || signPubKeyCert.isEmpty()) {
            return new Trust(null, "no signPubKeyCert");
        }
        X509Certificate cert = accepted.get(signPubKeyCert);
        if (cert == null) {
            try {
                cert = AcpSignature.certificate(signPubKeyCert);
            } catch (IllegalArgumentException e) {
                return new Trust(null, "signPubKeyCert is not a certificate");
            }
            String problem = chainProblem(cert);
            if (problem != null) {
                return new Trust(null, problem);
            }
            accepted.put(signPubKeyCert, cert);
        }
        try {
            cert.checkValidity(Date.from(clock.instant()));
        } catch (GeneralSecurityException e) {
            return new Trust(null, "signing certificate is not valid now");
        }
        if (!AcpSignature.certId(cert).equals(certId)) {
            return new Trust(null, "certId " + certId + " is not the signing certificate's serial");
        }
        return new Trust(cert.getPublicKey(), null);
    }

    private String chainProblem(X509Certificate cert) {
        if (!identity.equals(cnIdentity(cert))) {
            return "signing certificate's CN does not name " + identity;
        }
        try {
            List<X509Certificate> path = new ArrayList<>();
            path.add(cert);
            path.addAll(intermediates);
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(clock.instant()));
            CertPathValidator.getInstance("PKIX")
                    .validate(CertificateFactory.getInstance("X.509").generateCertPath(path), parameters);
            return null;
        } catch (GeneralSecurityException e) {
            return "signing certificate does not chain to UnionPay's root: " + e.getMessage();
        }
    }

    /** The third '@'-separated part of the CN, as the official SDK reads it. */
    private static String cnIdentity(X509Certificate cert) {
        try {
            for (Rdn rdn : new LdapName(cert.getSubjectX500Principal().getName()).getRdns()) {
                if ("CN".equalsIgnoreCase(rdn.getType())) {
                    String[] parts = String.valueOf(rdn.getValue()).split("@");
                    return parts.length > 2 ? parts[2] : null;
                }
            }
        } catch (InvalidNameException e) {
            return null;
        }
        return null;
    }
}
