package com.microdrama.storeemulator.play;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/** Every Android Publisher call needs an access token from {@code /token} with the androidpublisher scope, as at Google. */
@Provider
public class PublisherAuthFilter implements ContainerRequestFilter {

    private final ServiceAccounts accounts;

    public PublisherAuthFilter(ServiceAccounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/androidpublisher/") && !path.startsWith("androidpublisher/")) {
            return;
        }
        try {
            accounts.authorize(request.getHeaderString(HttpHeaders.AUTHORIZATION), ServiceAccounts.PUBLISHER_SCOPE);
        } catch (GoogleApiError e) {
            request.abortWith(e.response());
        }
    }
}
