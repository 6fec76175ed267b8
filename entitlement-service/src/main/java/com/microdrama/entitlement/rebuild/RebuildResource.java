package com.microdrama.entitlement.rebuild;

import io.smallrye.common.annotation.NonBlocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestResponse;

import java.net.URI;

/** Rebuilds the entitlement tables from the event log: start with POST, follow with GET. */
@Path("/api/entitlements/admin/rebuild")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"admin", "support"})
public class RebuildResource {

    private final RebuildService rebuilds;

    public RebuildResource(RebuildService rebuilds) {
        this.rebuilds = rebuilds;
    }

    /** 202: the job runs in the background; 409 while another is running. */
    @POST
    @NonBlocking
    @RolesAllowed("admin")
    public RestResponse<RebuildProgress.Status> start() {
        RebuildProgress.Status status = rebuilds.start();
        return RestResponse.ResponseBuilder.<RebuildProgress.Status>accepted()
                .location(URI.create("/api/entitlements/admin/rebuild/" + status.jobId()))
                .entity(status)
                .build();
    }

    @GET
    @Path("/{jobId}")
    @NonBlocking
    public RebuildProgress.Status status(@PathParam("jobId") @NotBlank @Size(max = 100) String jobId) {
        return rebuilds.status(jobId);
    }
}
