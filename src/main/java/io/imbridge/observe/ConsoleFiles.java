package io.imbridge.observe;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.Exchange;
import org.webjars.WebJarVersionLocator;

import io.imbridge.provider.Exchanges;

/**
 * The console's page, served from the jar: {@code console/} on the class path, and the libraries of its webjars under
 * {@code /console/lib/<webjar>/…} (their versioned paths found by webjars-locator-lite). Read once, kept in memory.
 */
@BindToRegistry("consoleFiles")
public class ConsoleFiles {

    static final String PREFIX = "/console";
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "svg", "image/svg+xml", "png", "image/png");
    private static final java.util.regex.Pattern FILE_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9_./-]{1,200}");
    /** The page reads only its own origin; nothing inline runs; no one frames it. */
    static final String POLICY = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self';"
            + " connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    private final WebJarVersionLocator webjars = new WebJarVersionLocator();
    private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

    @BeanInject("adminAuth")
    AdminAuth adminAuth;

    public void serve(Exchange exchange) {
        if (!adminAuth.pageAllowed(exchange)) {
            return;
        }
        String path = exchange.getMessage().getHeader(Exchange.HTTP_PATH, String.class);
        if (path == null || path.isEmpty() || path.equals(PREFIX)) {
            // relative links resolve against /console/, not /
            Exchanges.reply(exchange, 301, "text/plain; charset=utf-8", "");
            exchange.getMessage().setHeader("Location", PREFIX + "/");
            return;
        }
        String file = path.startsWith(PREFIX + "/") ? path.substring(PREFIX.length() + 1) : path;
        if (file.isEmpty()) {
            file = "index.html";
        }
        String ext = file.substring(file.lastIndexOf('.') + 1);
        // files only, of the kinds the page has (a folder of the class path would read as an empty file)
        byte[] content = FILE_NAME.matcher(file).matches() && !file.contains("..") && TYPES.containsKey(ext)
                ? load(file) : null;
        var out = exchange.getMessage();
        out.getHeaders().clear();
        if (content == null) {
            Exchanges.reply(exchange, 404, "text/plain; charset=utf-8", "not found");
            return;
        }
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, 200);
        out.setHeader(Exchange.CONTENT_TYPE, TYPES.get(ext));
        out.setHeader("Content-Security-Policy", POLICY);
        out.setHeader("X-Content-Type-Options", "nosniff");
        out.setHeader("Referrer-Policy", "no-referrer");
        out.setBody(content);
    }

    /** The file's bytes, or null when there is none. */
    private byte[] load(String file) {
        byte[] cached = cache.get(file);
        if (cached != null) {
            return cached;
        }
        String resource;
        if (file.startsWith("lib/")) {
            int slash = file.indexOf('/', 4);
            resource = slash < 0 ? null : webjars.fullPath(file.substring(4, slash), file.substring(slash + 1));
        } else {
            resource = "console/" + file;
        }
        if (resource == null) {
            return null;
        }
        try (InputStream in = ConsoleFiles.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                return null;
            }
            byte[] content = in.readAllBytes();
            cache.put(file, content);
            return content;
        } catch (IOException e) {
            return null;
        }
    }
}
