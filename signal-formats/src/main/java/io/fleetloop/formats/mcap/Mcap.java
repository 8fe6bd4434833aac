package io.fleetloop.formats.mcap;

/** Constants of the MCAP format, from the public specification (https://mcap.dev/spec). */
final class Mcap {

    static final byte[] MAGIC = {(byte) 0x89, 'M', 'C', 'A', 'P', '0', '\r', '\n'};

    static final int OP_HEADER = 0x01;
    static final int OP_FOOTER = 0x02;
    static final int OP_SCHEMA = 0x03;
    static final int OP_CHANNEL = 0x04;
    static final int OP_MESSAGE = 0x05;
    static final int OP_CHUNK = 0x06;
    static final int OP_MESSAGE_INDEX = 0x07;
    static final int OP_CHUNK_INDEX = 0x08;
    static final int OP_STATISTICS = 0x0B;
    static final int OP_SUMMARY_OFFSET = 0x0E;
    static final int OP_DATA_END = 0x0F;

    /** opcode + length + summary_start + summary_offset_start + summary_crc. */
    static final int FOOTER_RECORD_LENGTH = 1 + 8 + 8 + 8 + 4;

    private Mcap() {
    }
}
