package io.imbridge;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalInt;

import org.apache.camel.main.Main;

import io.imbridge.migrate.MigrateCommand;

/**
 * Starts camel-main with the top-level {@code application.properties} and the YAML routes in {@code routes/}.
 * The first argument picks a command: {@code migrate} migrates history ({@link MigrateCommand}); none (or
 * {@code bridge}) runs the bridge — in a child JVM with a bounded heap
 * when this one was started without a heap limit ({@link BoundedHeap}).
 */
public final class Application {

    private Application() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && "usersig".equals(args[0])) {
            System.exit(userSig(args));
        }
        // camel-main silently starts with 0 routes when the folder is missing: fail loudly instead.
        if (!Files.isDirectory(Path.of("routes"))) {
            System.err.println("im-bridge: no ./routes folder here; start the jar in the repository root");
            System.exit(2);
        }
        OptionalInt relaunched = BoundedHeap.runBounded(args);
        if (relaunched.isPresent()) {
            System.exit(relaunched.getAsInt());
        }
        if (args.length > 0 && "migrate".equals(args[0])) {
            System.exit(MigrateCommand.run(args));
        }
        if (args.length > 0 && "replay".equals(args[0])) System.exit(io.imbridge.bus.ReplayCommand.run(args));
        Main main = new Main(Application.class);
        main.setDefaultPropertyPlaceholderLocation("file:application.properties");
        System.exit(main.run(args));
    }

    /**
     * {@code usersig <sdkappid> <identifier> <secret-key> [expire-seconds]}: prints a Tencent TLSSigAPIv2 UserSig, for
     * trying the bridge's Tencent API by hand (Tencent's SDKs make the same).
     */
    static int userSig(String[] args) {
        if (args.length < 4) {
            System.err.println("usage: java -jar im-bridge.jar usersig <sdkappid> <identifier> <secret-key> [expire-seconds]");
            return 2;
        }
        long expire = args.length > 4 ? Long.parseLong(args[4]) : 86400;
        System.out.println(io.imbridge.provider.tencent.TencentUserSig.sign(args[3], Long.parseLong(args[1]), args[2],
                System.currentTimeMillis() / 1000, expire));
        return 0;
    }
}
