package dev.thaw.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * {@code thaw bench --cpu}: a cgroup with a CPU quota that each measured function process joins before it
 * starts, so a function gets the fraction of a CPU Lambda would give it, not every core of the machine.
 * Works with the cgroup v1 {@code cpu} controller ({@code cpu.cfs_quota_us}) or cgroup v2 ({@code cpu.max});
 * creating a group needs root.
 */
final class CpuLimit implements AutoCloseable {

    /**
     * The scheduler period the quota is a share of, in microseconds: 10 ms rather than the kernel's default
     * 100 ms. A throttled process runs for its quota in each period and then waits for the next, so times
     * grow in steps of the period: with 100 ms periods a cold start needing ~30 ms of CPU at 0.29 CPU took
     * one period (~105 ms) or two (~180 ms) depending on where in a period it began, and the ratio of two
     * configurations swung from 1.1 to 1.9 between runs. With 10 ms the steps are ten times smaller.
     */
    static final long PERIOD_US = 10_000;

    /** The name of each bench's group, before the bench's process id. */
    static final String PREFIX = "thaw-bench-";

    /** The kernel's smallest quota, in microseconds. */
    static final long MIN_QUOTA_US = 1_000;

    private final Path group;
    private final Path procs;
    private final double cpus;

    private CpuLimit(Path group, Path procs, double cpus) {
        this.group = group;
        this.procs = procs;
        this.cpus = cpus;
    }

    /**
     * Creates a group allowing {@code cpus} CPUs under {@code root} (a cgroup file system: the v1 {@code cpu}
     * hierarchy or the v2 root), named after this process.
     *
     * @throws CliException when no cgroup can be made there, saying what is needed
     */
    static CpuLimit create(Path root, double cpus) {
        // a longer period only where the quota would fall below the kernel's minimum (below 0.1 CPU)
        long period = Math.max(PERIOD_US, Math.round(MIN_QUOTA_US / cpus));
        long quota = Math.max(MIN_QUOTA_US, Math.round(cpus * period));
        Path group = root.resolve(PREFIX + ProcessHandle.current().pid());
        try {
            boolean v2 = Files.isRegularFile(root.resolve("cgroup.controllers"));
            if (!v2 && !Files.isRegularFile(root.resolve("cpu.cfs_quota_us"))) {
                throw new IOException(root + " is neither a cgroup v1 cpu hierarchy nor a cgroup v2 root");
            }
            if (v2) {
                String controllers = Files.readString(root.resolve("cgroup.subtree_control"));
                if (!(" " + controllers.strip() + " ").contains(" cpu ")) {
                    Files.writeString(root.resolve("cgroup.subtree_control"), "+cpu");
                }
            }
            removeLeftovers(root);
            Files.createDirectories(group);
            if (v2) {
                Files.writeString(group.resolve("cpu.max"), quota + " " + period);
            } else {
                Files.writeString(group.resolve("cpu.cfs_period_us"), Long.toString(period));
                Files.writeString(group.resolve("cpu.cfs_quota_us"), Long.toString(quota));
            }
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(group);
            } catch (IOException ignored) {
                // nothing was made, or it is busy; either way the error below is what matters
            }
            throw CliException.failure("bench: --cpu needs a cgroup with a CPU quota, and making one under "
                    + root + " failed (" + e + "): run bench as root on a machine with the cgroup cpu controller"
                    + " (v1 /sys/fs/cgroup/cpu or v2 /sys/fs/cgroup with cpu), or leave --cpu out");
        }
        return new CpuLimit(group, group.resolve("cgroup.procs"), cpus);
    }

    /**
     * Returns the cgroup file system to use on this machine: the v1 {@code cpu} hierarchy when mounted,
     * else the v2 root.
     */
    static Path defaultRoot() {
        Path v1 = Path.of("/sys/fs/cgroup/cpu");
        if (Files.isRegularFile(v1.resolve("cpu.cfs_quota_us"))) {
            return v1;
        }
        Path unified = Path.of("/sys/fs/cgroup/unified");
        if (Files.isRegularFile(unified.resolve("cgroup.controllers"))) {
            return unified;
        }
        return Path.of("/sys/fs/cgroup");
    }

    /** The CPUs allowed. */
    double cpus() {
        return cpus;
    }

    /** The group's directory. */
    Path group() {
        return group;
    }

    /**
     * Writes {@code dir/bootstrap}: it moves itself into the group, then runs {@code function}'s bootstrap
     * as it is. {@code LAMBDA_TASK_ROOT} (the emulator sets it to {@code dir}) is unset so that bootstrap
     * finds its package from its own path.
     *
     * @return {@code dir}, to run in place of {@code function}
     */
    Path wrap(Path function, Path dir) throws IOException {
        return wrap(function, dir, procs);
    }

    /** {@link #wrap(Path, Path)} with the file the process id is written to; for tests. */
    static Path wrap(Path function, Path dir, Path procs) throws IOException {
        Files.createDirectories(dir);
        Path bootstrap = dir.resolve("bootstrap");
        Files.writeString(
                bootstrap, """
                #!/bin/sh
                # thaw bench --cpu: joins the CPU-limited group, then runs the function's own bootstrap
                echo $$ > %s || exit 1
                unset LAMBDA_TASK_ROOT
                exec %s
                """.formatted(quoted(procs), quoted(function.resolve("bootstrap"))), StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(bootstrap, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }

    private static String quoted(Path path) {
        String text = path.toAbsolutePath().toString();
        if (text.indexOf('\'') >= 0 || text.chars().anyMatch(Character::isISOControl)) {
            throw CliException.failure("bench: cannot write the path " + text + " into a script: it contains a"
                    + " quote or a control character");
        }
        return "'" + text + "'";
    }

    /**
     * Removes the groups of earlier benches that were killed before they could remove their own: named
     * {@code thaw-bench-PID} for a process that no longer runs. The kernel refuses to remove a group that
     * still holds a process, which is then left alone.
     */
    static void removeLeftovers(Path root) {
        try (var entries = Files.newDirectoryStream(root, PREFIX + "*")) {
            for (Path entry : entries) {
                String pid = entry.getFileName().toString().substring(PREFIX.length());
                if (!pid.isEmpty()
                        && pid.chars().allMatch(Character::isDigit)
                        && pid.length() < 19
                        && ProcessHandle.of(Long.parseLong(pid)).isEmpty()) {
                    try {
                        Files.deleteIfExists(entry);
                    } catch (IOException busy) {
                        // still holds a process (or is not empty): not ours to force
                    }
                }
            }
        } catch (IOException e) {
            // listing failed: creating the new group below reports anything that matters
        }
    }

    /** Removes the group; its processes have ended by then (a group with processes cannot be removed). */
    @Override
    public void close() {
        try {
            Files.deleteIfExists(group);
        } catch (IOException e) {
            // a leftover empty group is harmless; the next bench removes it (removeLeftovers)
        }
    }
}
