package com.microdrama.storeemulator.appstore;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

/** The local root certificate clients trust in place of Apple's, and the notifications sent so far. */
@Path("/_emulator/app-store")
public class AppStoreControlResource {

    private final AppStoreCertificates certificates;
    private final AppStoreNotifications notifications;

    public AppStoreControlResource(AppStoreCertificates certificates, AppStoreNotifications notifications) {
        this.certificates = certificates;
        this.notifications = notifications;
    }

    /** PEM by default, {@code ?format=der} for the DER bytes (Apple publishes its roots as DER .cer files). */
    @GET
    @Path("root-certificate")
    public Response rootCertificate(@QueryParam("format") String format) {
        if ("der".equalsIgnoreCase(format)) {
            return Response.ok(certificates.rootDer(), "application/pkix-cert").build();
        }
        if (format != null && !"pem".equalsIgnoreCase(format)) {
            throw AppStoreErrors.badRequest("format must be pem or der");
        }
        return Response.ok(certificates.rootPem(), "application/x-pem-file").build();
    }

    @GET
    @Path("notifications")
    @Produces(MediaType.APPLICATION_JSON)
    public List<AppStoreNotifications.NotificationAnswer> notifications(@QueryParam("bundleId") String bundleId) {
        return notifications.list(bundleId);
    }
}
