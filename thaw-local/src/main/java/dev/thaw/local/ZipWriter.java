package dev.thaw.local;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes a reproducible zip with unix file modes: entries in ascending name order, fixed timestamps
 * (1980-01-01T00:00:00Z unless an entry is given another), and "version made by" unix so that unzip tools
 * and Lambda apply the modes (an executable {@code bootstrap} in particular). Each entry's time is in its
 * MS-DOS fields and, as UTC seconds, in an extended-timestamp extra field (0x5455), which unzip tools read
 * instead of the MS-DOS time, whose time zone is whatever the unpacking machine's is.
 * {@link java.util.zip.ZipOutputStream} cannot store unix modes, hence this writer.
 *
 * <pre>{@code
 * try (ZipWriter zip = new ZipWriter(out)) {
 *     zip.file("bootstrap", script, true);
 *     zip.directory("lib/");
 *     zip.file("lib/app.jar", jar, false);
 * }
 * }</pre>
 */
final class ZipWriter implements Closeable {

    static final int FILE_MODE = 0100644;
    static final int EXECUTABLE_MODE = 0100755;
    static final int DIRECTORY_MODE = 040755;

    /**
     * 1980-01-01 (year 0 of MS-DOS, month 1, day 1) at 00:00:00, the earliest MS-DOS time and the default
     * of every entry ({@link PackageTimes#BASE}), so that no build's clock leaks into the zip.
     */
    static final int DOS_DATE = (1 << 5) | 1;

    static final int DOS_TIME = 0;

    /** The extended-timestamp extra field: its id, its data size (flags and the modification time). */
    static final int EXTENDED_TIMESTAMP = 0x5455;

    private static final int EXTENDED_TIMESTAMP_SIZE = 5;
    /** Flag bit 0: the field holds the modification time. */
    private static final int MODIFICATION_TIME = 1;

    private static final int LOCAL_HEADER = 0x04034b50;
    private static final int CENTRAL_HEADER = 0x02014b50;
    private static final int END_OF_CENTRAL_DIRECTORY = 0x06054b50;
    /** Version 2.0 of the zip specification: deflate and directories. */
    private static final int VERSION = 20;
    /** Upper byte of "version made by": the host whose file attributes the external attributes hold. */
    private static final int HOST_UNIX = 3;
    /** General purpose flag bit 11: names are UTF-8. */
    private static final int UTF8_NAMES = 0x0800;

    private static final int STORED = 0;
    private static final int DEFLATED = 8;
    /** MS-DOS directory attribute, kept in the low byte of the external attributes for DOS-minded tools. */
    private static final int DOS_DIRECTORY = 0x10;

    private static final long MAX_32 = 0xFFFFFFFFL;
    private static final int MAX_16 = 0xFFFF;

    private final OutputStream out;
    private final ByteArrayOutputStream central = new ByteArrayOutputStream();
    private long offset;
    private int entries;
    private String last;
    private boolean closed;

    /** @param out where the zip goes; closed by {@link #close()} */
    ZipWriter(OutputStream out) {
        this.out = out;
    }

    /**
     * Adds a directory entry; {@code name} ends with {@code /}.
     *
     * @throws IllegalArgumentException when the name does not end with {@code /} or is out of order
     */
    void directory(String name) throws IOException {
        if (!name.endsWith("/")) {
            throw new IllegalArgumentException("zip directory entry '" + name + "' must end with /");
        }
        add(name, new byte[0], DIRECTORY_MODE, PackageTimes.BASE);
    }

    /**
     * Adds a file entry, deflated unless that does not make it smaller (jars are compressed already).
     *
     * @param executable whether the file gets mode 0755 rather than 0644
     * @throws IllegalArgumentException when the name is empty, ends with {@code /} or is out of order
     */
    void file(String name, byte[] content, boolean executable) throws IOException {
        file(name, content, executable, PackageTimes.BASE);
    }

    /**
     * Adds a file entry modified at {@code time} (seconds since the epoch, UTC, from 1980 on; MS-DOS times
     * step in two seconds, so an odd second is stored one lower there).
     *
     * @throws IllegalArgumentException as {@link #file(String, byte[], boolean)}, or when the time is
     *     before 1980 or after 2106
     */
    void file(String name, byte[] content, boolean executable, long time) throws IOException {
        if (name.isEmpty() || name.endsWith("/")) {
            throw new IllegalArgumentException(
                    "zip file entry '" + name + "' must be a non-empty name not ending with /");
        }
        if (time < PackageTimes.BASE || time > MAX_32) {
            throw new IllegalArgumentException("zip entry '" + name + "': time " + time
                    + " is outside what a zip holds (1980-01-01 to 2106, in seconds since the epoch)");
        }
        add(name, content, executable ? EXECUTABLE_MODE : FILE_MODE, time);
    }

    private void add(String name, byte[] content, int mode, long time) throws IOException {
        if (closed) {
            throw new IllegalStateException("zip already closed: cannot add " + name);
        }
        if (name.startsWith("/")
                || name.contains("\\")
                || name.equals("..")
                || name.startsWith("../")
                || name.contains("/../")) {
            throw new IllegalArgumentException("zip entry '" + name + "' must be a relative path with / separators");
        }
        // ascending order is what makes two runs over the same files byte-identical
        if (last != null && name.compareTo(last) <= 0) {
            throw new IllegalArgumentException(
                    "zip entry '" + name + "' comes after '" + last + "': add entries in ascending name order");
        }
        last = name;
        byte[] nameBytes = name.getBytes(StandardCharsets.UTF_8);
        if (nameBytes.length > MAX_16) {
            throw new IllegalArgumentException("zip entry name is longer than 65535 bytes: " + name);
        }
        CRC32 crc = new CRC32();
        crc.update(content);
        byte[] deflated = deflate(content);
        boolean store = deflated.length >= content.length;
        byte[] data = store ? content : deflated;
        int method = store ? STORED : DEFLATED;
        if (offset > MAX_32) {
            throw new IOException("zip larger than 4 GiB at entry " + name + ": this writer does not write ZIP64");
        }

        LocalDateTime utc = LocalDateTime.ofEpochSecond(time, 0, ZoneOffset.UTC);
        int dosTime = (utc.getHour() << 11) | (utc.getMinute() << 5) | (utc.getSecond() / 2);
        int dosDate = ((utc.getYear() - 1980) << 9) | (utc.getMonthValue() << 5) | utc.getDayOfMonth();
        ByteArrayOutputStream extra = new ByteArrayOutputStream(4 + EXTENDED_TIMESTAMP_SIZE);
        int16(extra, EXTENDED_TIMESTAMP);
        int16(extra, EXTENDED_TIMESTAMP_SIZE);
        extra.write(MODIFICATION_TIME);
        int32(extra, (int) time);

        ByteArrayOutputStream header = new ByteArrayOutputStream(30 + nameBytes.length + extra.size());
        int32(header, LOCAL_HEADER);
        int16(header, VERSION);
        int16(header, UTF8_NAMES);
        int16(header, method);
        int16(header, dosTime);
        int16(header, dosDate);
        int32(header, (int) crc.getValue());
        int32(header, data.length);
        int32(header, content.length);
        int16(header, nameBytes.length);
        int16(header, extra.size());
        header.write(nameBytes);
        extra.writeTo(header);
        header.writeTo(out);
        out.write(data);

        int32(central, CENTRAL_HEADER);
        int16(central, (HOST_UNIX << 8) | VERSION);
        int16(central, VERSION);
        int16(central, UTF8_NAMES);
        int16(central, method);
        int16(central, dosTime);
        int16(central, dosDate);
        int32(central, (int) crc.getValue());
        int32(central, data.length);
        int32(central, content.length);
        int16(central, nameBytes.length);
        int16(central, extra.size());
        int16(central, 0); // comment length
        int16(central, 0); // disk number start
        int16(central, 0); // internal attributes
        int32(central, (mode << 16) | ((mode & 040000) != 0 ? DOS_DIRECTORY : 0));
        int32(central, (int) offset);
        central.write(nameBytes);
        extra.writeTo(central);

        offset += header.size() + data.length;
        entries++;
    }

    /** Writes the central directory and its end record, then closes the stream. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try (out) {
            if (entries > MAX_16 || offset > MAX_32) {
                throw new IOException(
                        "zip has " + entries + " entries and " + offset + " bytes: this writer does not write ZIP64");
            }
            central.writeTo(out);
            ByteArrayOutputStream end = new ByteArrayOutputStream(22);
            int32(end, END_OF_CENTRAL_DIRECTORY);
            int16(end, 0); // this disk
            int16(end, 0); // disk with the central directory
            int16(end, entries);
            int16(end, entries);
            int32(end, central.size());
            int32(end, (int) offset);
            int16(end, 0); // comment length
            end.writeTo(out);
        }
    }

    private static byte[] deflate(byte[] content) {
        if (content.length == 0) {
            return content;
        }
        // level 6, not 9: with the bundled runtime (~100 MB) level 9 took 36 s here against 7 s, for a zip
        // only 1 % smaller
        Deflater deflater = new Deflater(6, true);
        try {
            deflater.setInput(content);
            deflater.finish();
            ByteArrayOutputStream deflated = new ByteArrayOutputStream(Math.max(64, content.length / 2));
            byte[] buffer = new byte[64 * 1024];
            while (!deflater.finished()) {
                int n = deflater.deflate(buffer);
                deflated.write(buffer, 0, n);
            }
            return deflated.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static void int16(ByteArrayOutputStream out, int value) {
        out.write(value & 0xFF);
        out.write((value >>> 8) & 0xFF);
    }

    private static void int32(ByteArrayOutputStream out, int value) {
        int16(out, value & 0xFFFF);
        int16(out, (value >>> 16) & 0xFFFF);
    }
}
