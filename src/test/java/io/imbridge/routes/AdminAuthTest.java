package io.imbridge.routes;

import org.junit.jupiter.api.Test;

import io.imbridge.RunningBridge;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The admin API and the sandboxes' read API need bridge.admin.token; a wrong or missing one is refused. */
class AdminAuthTest {

    @Test
    void aWrongOrMissingAdminTokenIsRefused() {
        try (RunningBridge b = RunningBridge.start("bridge.admin.token", "the-admin-token")) {
            assertEquals(401, b.get("/admin/dead-letters").statusCode());
            assertEquals(401, b.get("/admin/dead-letters", "Authorization", "Bearer the-admin-tokex").statusCode());
            assertEquals(401, b.get("/admin/dead-letters", "Authorization", "the-admin-token").statusCode());
            assertEquals(401, b.get("/sandbox/openim/_received", "Authorization", "Bearer nope").statusCode());
            assertEquals(401, b.post("/sandbox/openim/_faults", "{\"code\":500}", "Authorization", "Bearer nope")
                    .statusCode());
            assertEquals(200, b.get("/admin/dead-letters", "Authorization", "Bearer the-admin-token").statusCode());
            assertEquals(200, b.get("/sandbox/openim/_received", "Authorization", "bearer the-admin-token").statusCode());
            // the console's reads and its Try it are the admin API's: refused without the token
            assertEquals(401, b.get("/admin/flow").statusCode());
            assertEquals(401, b.get("/admin/targets", "Authorization", "Bearer nope").statusCode());
            assertEquals(401, b.post("/admin/try", "{\"dialect\":\"mychat\",\"from\":\"a\",\"to\":\"b\",\"text\":\"x\"}")
                    .statusCode());
            assertEquals(0, b.received("openim").size(), "nothing sent without the token");
            assertEquals(200, b.get("/admin/flow", "Authorization", "Bearer the-admin-token").statusCode());
            // the page itself holds no data: served, and it asks for the token before it reads anything
            assertEquals(200, b.get("/console/").statusCode());
        }
    }
}
