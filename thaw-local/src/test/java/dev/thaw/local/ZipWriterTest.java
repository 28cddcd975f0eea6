package dev.thaw.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ZipWriterTest {

    private static final byte[] SCRIPT =
            "#!/bin/sh\nexec java -cp 'lib/app.jar' demo.Main\n".repeat(20).getBytes(StandardCharsets.UTF_8);
    /** Random bytes do not deflate: the writer stores them. */
    private static final byte[] RANDOM = random(5000);

    @TempDir
    Path tmp;

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        new Random(42).nextBytes(bytes);
        return bytes;
    }

    private static byte[] sample() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipWriter zip = new ZipWriter(bytes)) {
            zip.file("bootstrap", SCRIPT, true);
            zip.directory("lib/");
            zip.file("lib/app.jar", RANDOM, false);
            zip.file("lib/empty.txt", new byte[0], false);
            zip.file("lib/ünïcode.txt", "text".getBytes(StandardCharsets.UTF_8), false);
        }
        return bytes.toByteArray();
    }

    @Test
    void writesAZipThatZipFileReadsBack() throws IOException {
        Path path = Files.write(tmp.resolve("function.zip"), sample());

        try (ZipFile zip = new ZipFile(path.toFile())) {
            assertThat(Collections.list(zip.entries()).stream().map(ZipEntry::getName))
                    .containsExactly("bootstrap", "lib/", "lib/app.jar", "lib/empty.txt", "lib/ünïcode.txt");
            assertThat(zip.getInputStream(zip.getEntry("bootstrap")).readAllBytes())
                    .isEqualTo(SCRIPT);
            assertThat(zip.getInputStream(zip.getEntry("lib/app.jar")).readAllBytes())
                    .isEqualTo(RANDOM);
            assertThat(zip.getInputStream(zip.getEntry("lib/empty.txt")).readAllBytes())
                    .isEmpty();
            assertThat(zip.getEntry("lib/").isDirectory()).isTrue();
        }
    }

    @Test
    void writesLocalHeadersThatAStreamingReaderFollows() throws IOException {
        Map<String, byte[]> read = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(sample()))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                read.put(entry.getName(), in.readAllBytes());
            }
        }

        assertThat(read).containsOnlyKeys("bootstrap", "lib/", "lib/app.jar", "lib/empty.txt", "lib/ünïcode.txt");
        assertThat(read.get("bootstrap")).isEqualTo(SCRIPT);
        assertThat(read.get("lib/app.jar")).isEqualTo(RANDOM);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "bootstrap,       0100755, 8",
        "lib/,            0040755, 0",
        "lib/app.jar,     0100644, 0",
        "lib/empty.txt,   0100644, 0",
    })
    void storesUnixModesInTheCentralDirectory(String name, String octalMode, int method) throws IOException {
        int mode = Integer.parseInt(octalMode, 8);
        CentralEntry entry = centralDirectory(sample()).stream()
                .filter(e -> e.name().equals(name))
                .findFirst()
                .orElseThrow();

        assertThat(entry.versionMadeBy() >>> 8)
                .as("host that made the entry: 3 = unix")
                .isEqualTo(3);
        assertThat(entry.externalAttributes() >>> 16).as("unix mode").isEqualTo(mode);
        assertThat(entry.externalAttributes() & 0xFFFF)
                .as("MS-DOS attributes")
                .isEqualTo(name.endsWith("/") ? 0x10 : 0);
        assertThat(entry.method()).as("0 stored, 8 deflated").isEqualTo(method);
        assertThat(entry.dosDate()).isEqualTo(ZipWriter.DOS_DATE);
        assertThat(entry.dosTime()).isEqualTo(ZipWriter.DOS_TIME);
    }

    @Test
    void givesEachEntryItsTimeInMsDosFieldsAndAsUtcSecondsThatUnpackingKeeps(@TempDir Path dir) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        long later = 1_795_867_397L; // 2026-11-28T12:03:17Z: MS-DOS keeps 12:03:16
        try (ZipWriter zip = new ZipWriter(bytes)) {
            zip.file("app.aot.stamp", SCRIPT, false, PackageTimes.STAMP);
            zip.file("bootstrap", SCRIPT, true);
            zip.file("lib/app.jar", RANDOM, false, PackageTimes.JARS);
            zip.file("z-late.txt", RANDOM, false, later);
        }
        Map<String, CentralEntry> entries = new HashMap<>();
        for (CentralEntry entry : centralDirectory(bytes.toByteArray())) {
            entries.put(entry.name(), entry);
        }
        assertThat(entries.get("bootstrap").dosTime()).isEqualTo(ZipWriter.DOS_TIME);
        assertThat(entries.get("lib/app.jar").dosTime())
                .as("00:00:02, in two-second steps")
                .isEqualTo(1);
        assertThat(entries.get("app.aot.stamp").dosTime()).isEqualTo(2);
        assertThat(entries.get("z-late.txt").dosDate()).isEqualTo((46 << 9) | (11 << 5) | 28);
        assertThat(entries.get("z-late.txt").dosTime()).isEqualTo((12 << 11) | (3 << 5) | 8);

        // The JDK reads the extended timestamp (UTC) over the MS-DOS fields, as unzip does: these times
        // hold in any time zone of the machine that unpacks.
        Path zipFile = Files.write(dir.resolve("f.zip"), bytes.toByteArray());
        try (ZipFile zip = new ZipFile(zipFile.toFile())) {
            assertThat(zip.getEntry("bootstrap").getLastModifiedTime().to(TimeUnit.SECONDS))
                    .isEqualTo(PackageTimes.BASE);
            assertThat(zip.getEntry("lib/app.jar").getLastModifiedTime().to(TimeUnit.SECONDS))
                    .isEqualTo(PackageTimes.JARS);
            assertThat(zip.getEntry("app.aot.stamp").getLastModifiedTime().to(TimeUnit.SECONDS))
                    .isEqualTo(PackageTimes.STAMP);
            assertThat(zip.getEntry("z-late.txt").getLastModifiedTime().to(TimeUnit.SECONDS))
                    .isEqualTo(later);
        }
        try (ZipWriter zip = new ZipWriter(new ByteArrayOutputStream())) {
            assertThatThrownBy(() -> zip.file("old", RANDOM, false, PackageTimes.BASE - 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("outside what a zip holds");
        }
    }

    @Test
    void marksTheExecutableWith0755ShiftedIntoTheHighHalf() throws IOException {
        CentralEntry bootstrap = centralDirectory(sample()).getFirst();

        assertThat(bootstrap.name()).isEqualTo("bootstrap");
        assertThat(bootstrap.externalAttributes()).isEqualTo(0100755 << 16);
    }

    @Test
    void writesByteIdenticalZipsForTheSameEntries() throws IOException {
        assertThat(sample()).isEqualTo(sample());
    }

    @Test
    void rejectsEntriesOutOfOrderOrTwice() throws IOException {
        try (ZipWriter zip = new ZipWriter(new ByteArrayOutputStream())) {
            zip.file("lib/b.jar", RANDOM, false);

            assertThatThrownBy(() -> zip.file("lib/a.jar", RANDOM, false))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("zip entry 'lib/a.jar' comes after 'lib/b.jar': add entries in ascending name order");
            assertThatThrownBy(() -> zip.file("lib/b.jar", RANDOM, false)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void rejectsNamesThatWouldEscapeTheExtractionDirectory() throws IOException {
        try (ZipWriter zip = new ZipWriter(new ByteArrayOutputStream())) {
            for (String name : List.of("/etc/passwd", "../x", "lib/../../x", "lib\\x")) {
                assertThatThrownBy(() -> zip.file(name, RANDOM, false))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining(name);
            }
            assertThatThrownBy(() -> zip.directory("lib"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("zip directory entry 'lib' must end with /");
        }
    }

    @Test
    void writesAnEmptyZipThatZipFileOpens() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new ZipWriter(bytes).close();

        assertThat(bytes.size()).isEqualTo(22);
        Path path = Files.write(tmp.resolve("empty.zip"), bytes.toByteArray());
        try (ZipFile zip = new ZipFile(path.toFile())) {
            assertThat(zip.size()).isZero();
        }
    }

    /** One central directory header, read field by field as the zip specification lays it out. */
    record CentralEntry(String name, int versionMadeBy, int method, int dosTime, int dosDate, int externalAttributes) {}

    /** Parses the central directory of a zip without a comment, through its end record. */
    static List<CentralEntry> centralDirectory(byte[] zip) {
        ByteBuffer buffer = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int end = zip.length - 22;
        assertThat(buffer.getInt(end)).as("end of central directory signature").isEqualTo(0x06054b50);
        int count = Short.toUnsignedInt(buffer.getShort(end + 10));
        int offset = buffer.getInt(end + 16);
        List<CentralEntry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            assertThat(buffer.getInt(offset)).as("central header signature").isEqualTo(0x02014b50);
            int nameLength = Short.toUnsignedInt(buffer.getShort(offset + 28));
            int extraLength = Short.toUnsignedInt(buffer.getShort(offset + 30));
            int commentLength = Short.toUnsignedInt(buffer.getShort(offset + 32));
            entries.add(new CentralEntry(
                    new String(zip, offset + 46, nameLength, StandardCharsets.UTF_8),
                    Short.toUnsignedInt(buffer.getShort(offset + 4)),
                    Short.toUnsignedInt(buffer.getShort(offset + 10)),
                    Short.toUnsignedInt(buffer.getShort(offset + 12)),
                    Short.toUnsignedInt(buffer.getShort(offset + 14)),
                    buffer.getInt(offset + 38)));
            offset += 46 + nameLength + extraLength + commentLength;
        }
        return entries;
    }
}
