package com.microdrama.deploychecks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microdrama.deploychecks.support.ServedPaths;
import com.microdrama.deploychecks.support.ServedPaths.Endpoint;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How the routing checks learn the services' endpoints from their resources. */
class ServedPathsTest {

    @Test
    void classAndMethodPathsRolesAndRestClientsAreReadAsTheServiceServesThem() {
        List<String> resource = """
                @Path("/api/entitlements/users/{userId}")
                @Produces(MediaType.APPLICATION_JSON)
                @RolesAllowed({"service",
                        "admin"})
                public class UserAccessResource {
                    /** Javadoc mentioning @GET is not an annotation. */
                    @GET
                    @Path("/check")
                    public Uni<EpisodeCheck> check(@PathParam("userId") String userId,
                                                   @QueryParam("episodeId") String episodeId) {
                        return null;
                    }

                    @POST
                    @RolesAllowed("admin")
                    public Uni<Void> write() {
                        return null;
                    }
                }
                """.lines().toList();
        assertEquals(List.of(
                        new Endpoint("s", "GET", "/api/entitlements/users/sample-id/check", true, "R.java"),
                        new Endpoint("s", "POST", "/api/entitlements/users/sample-id", false, "R.java")),
                ServedPaths.parse("s", "R.java", resource));
        assertEquals(List.of(), ServedPaths.parse("s", "C.java", List.of("@RegisterRestClient(configKey = \"x\")",
                "@Path(\"/api/entitlements/users/{userId}\")", "public interface C {", "@GET", "Uni<X> get();", "}")));
        assertEquals(List.of(new Endpoint("s", "GET", "/internal/media-auth", true, "M.java")),
                ServedPaths.parse("s", "M.java", List.of("@Path(\"/internal/media-auth\")", "public class M {",
                        "@GET", "public Response verify() {", "}", "}")));
    }
}
