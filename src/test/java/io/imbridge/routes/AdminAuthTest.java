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
        }
    }
}
