package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bench's {@code --cpu}: the wrapper each function starts through, and the cgroup it joins. */
class CpuLimitTest {

    @TempDir
    Path tmp;

    @Test
    void wrapperJoinsTheGroupThenRunsTheFunctionsBootstrapInTheSameProcess() throws Exception {
        Path function = Files.createDirectories(tmp.resolve("function"));
        Path bootstrap = function.resolve("bootstrap");
        Files.writeString(bootstrap, """
                #!/bin/sh
                echo "pid=$$ root=${LAMBDA_TASK_ROOT:-unset} arg0=$0"
                """, StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(bootstrap, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path procs = tmp.resolve("procs");

        Path dir = CpuLimit.wrap(function, tmp.resolve("wrapped"), procs);
        ProcessBuilder builder = new ProcessBuilder(dir.resolve("bootstrap").toString()).redirectErrorStream(true);
        builder.environment().put("LAMBDA_TASK_ROOT", dir.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();

        assertThat(process.waitFor()).as(output).isZero();
        // exec: the function runs as the process that joined the group
        assertThat(output).isEqualTo("pid=" + process.pid() + " root=unset arg0=" + bootstrap.toAbsolutePath());
        assertThat(Files.readString(procs).strip()).isEqualTo(Long.toString(process.pid()));
    }

    @Test
    void wrapperStopsWhenItCannotJoinTheGroup() throws Exception {
        Path function = Files.createDirectories(tmp.resolve("function"));
        Path bootstrap = function.resolve("bootstrap");
        Files.writeString(bootstrap, "#!/bin/sh\necho ran\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(bootstrap, PosixFilePermissions.fromString("rwxr-xr-x"));

        Path dir = CpuLimit.wrap(function, tmp.resolve("wrapped"), tmp.resolve("no-such-dir/procs"));
        Process process = new ProcessBuilder(dir.resolve("bootstrap").toString())
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        assertThat(process.waitFor()).isNotZero();
        assertThat(output).doesNotContain("ran");
    }

    @Test
    void makesAGroupWithTheQuotaOnAWritableCgroupV1CpuHierarchy() throws Exception {
        Path root = CpuLimit.defaultRoot();
        assumeTrue(
                Files.isRegularFile(root.resolve("cpu.cfs_quota_us")) && Files.isWritable(root),
                "needs a writable cgroup v1 cpu hierarchy (root)");

        Path group;
        try (CpuLimit limit = CpuLimit.create(root, 0.29)) {
            group = limit.group();
            assertThat(Files.readString(group.resolve("cpu.cfs_period_us")).strip())
                    .isEqualTo("10000");
            assertThat(Files.readString(group.resolve("cpu.cfs_quota_us")).strip())
                    .isEqualTo("2900");
            assertThat(limit.cpus()).isEqualTo(0.29);
        }
        assertThat(group).doesNotExist();
        // below 0.1 CPU the period grows, as the kernel allows no quota under 1 ms
        try (CpuLimit limit = CpuLimit.create(root, 0.05)) {
            assertThat(Files.readString(limit.group().resolve("cpu.cfs_period_us"))
                            .strip())
                    .isEqualTo("20000");
            assertThat(Files.readString(limit.group().resolve("cpu.cfs_quota_us"))
                            .strip())
                    .isEqualTo("1000");
        }
    }

    @Test
    void removesTheEmptyGroupsOfBenchesThatNoLongerRun() throws Exception {
        Path root = CpuLimit.defaultRoot();
        assumeTrue(
                Files.isRegularFile(root.resolve("cpu.cfs_quota_us")) && Files.isWritable(root),
                "needs a writable cgroup v1 cpu hierarchy (root)");
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        Process running = new ProcessBuilder("sleep", "30").start();
        Path stale = root.resolve(CpuLimit.PREFIX + ended.pid());
        Path live = root.resolve(CpuLimit.PREFIX + running.pid());
        Path other = root.resolve(CpuLimit.PREFIX + "not-a-pid");
        Path ours = root.resolve(CpuLimit.PREFIX + ProcessHandle.current().pid());
        Files.createDirectories(stale);
        Files.createDirectories(live);
        Files.createDirectories(other);
        try {
            try (CpuLimit limit = CpuLimit.create(root, 0.5)) {
                assertThat(limit.group()).isEqualTo(ours).isDirectory();
                assertThat(stale).as("the group of a bench that is gone").doesNotExist();
                assertThat(live).as("the group of a bench still running").isDirectory();
                assertThat(other).as("not named after a process").isDirectory();
            }
        } finally {
            running.destroyForcibly().waitFor();
            Files.deleteIfExists(stale);
            Files.deleteIfExists(live);
            Files.deleteIfExists(other);
        }
    }

    @Test
    void saysWhatItNeedsWhenNoGroupCanBeMade() throws IOException {
        Path notACgroup = Files.createDirectories(tmp.resolve("plain-dir"));

        assertThatThrownBy(() -> CpuLimit.create(notACgroup, 0.5))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("--cpu needs a cgroup with a CPU quota")
                .hasMessageContaining("neither a cgroup v1 cpu hierarchy nor a cgroup v2 root")
                .hasMessageContaining("leave --cpu out");
        try (var left = Files.list(notACgroup)) {
            assertThat(left).isEmpty();
        }
    }
}
