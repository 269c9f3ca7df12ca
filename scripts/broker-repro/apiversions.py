#!/usr/bin/env python3
"""ApiVersions v3 as librdkafka 2.0.2 (Debian's kcat) sends it, against a running broker.

Run:  python3 scripts/broker-repro/apiversions.py [HOST:PORT]     (default 127.0.0.1:19199)
      e.g. after: tansu broker --listener-url tcp://127.0.0.1:19199 \
             --advertised-listener-url tcp://127.0.0.1:19199 --storage-engine memory://tansu/ &
Standard library only. Prints the raw response, decodes the body's trailing tagged fields and
replays them through the two versions of librdkafka's rd_kafka_buf_skip_tags():
  <= 2.1.x : skips (taglen - 1) bytes when taglen > 1   (src/rdkafka_buf.h at v2.0.2, l.777-791)
  >= 2.2.0 : skips taglen bytes                          (fix 8c8f8b9c4, librdkafka #4278)
"""
import socket
import struct
import sys

hostport = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1:19199"
host, port = hostport.rsplit(":", 1)


def cstr(s):  # compact string
    b = s.encode()
    return bytes([len(b) + 1]) + b


def uvarint(buf, pos):
    val = shift = 0
    while True:
        if pos >= len(buf):
            raise IndexError("varint runs past the end")
        b = buf[pos]
        pos += 1
        val |= (b & 0x7F) << shift
        shift += 7
        if not b & 0x80:
            return val, pos


# Request header v2 (api_key 18, version 3, correlation 1, client_id, empty tags), body v3.
req = struct.pack(">hhih", 18, 3, 1, 7) + b"rdkafka" + b"\x00"
req += cstr("librdkafka") + cstr("2.0.2") + b"\x00"
s = socket.create_connection((host, int(port)))
s.sendall(struct.pack(">i", len(req)) + req)
size = struct.unpack(">i", s.recv(4, socket.MSG_WAITALL))[0]
resp = s.recv(size, socket.MSG_WAITALL)
print(f"response: {size} bytes (4-byte correlation id, then {size - 4} bytes of body)")
print(resp.hex())

# Response header v0 (KIP-511): correlation id only; then the v3 body.
body = resp[4:]
p = 2  # error_code
n, p = uvarint(body, p)
p += (n - 1) * 7  # api_key, min, max (int16 x3) + empty tag buffer each
p += 4  # throttle_time_ms
tags_at = p
print(f"\n{n - 1} api keys; body-level tagged fields start at body offset {tags_at}: {body[tags_at:].hex()}")
TAGS = {0: "SupportedFeatures", 1: "FinalizedFeaturesEpoch", 2: "FinalizedFeatures",
        3: "ZkMigrationReady"}  # ApiVersionsResponse v3+ body tags
cnt, q = uvarint(body, p)
for _ in range(cnt):
    t, q = uvarint(body, q)
    ln, q = uvarint(body, q)
    print(f"  tag {t}: {ln} byte(s) = {body[q:q + ln].hex():<18} {TAGS.get(t, '?')}")
    q += ln


def skip_tags(buf, pos, off_by_one):
    cnt, pos = uvarint(buf, pos)
    for _ in range(cnt):
        _t, pos = uvarint(buf, pos)
        ln, pos = uvarint(buf, pos)
        skip = (ln - 1 if ln > 1 else 0) if off_by_one else ln
        if pos + skip > len(buf):
            return f"underflow at {pos}/{len(buf)}: expected {skip} bytes > {len(buf) - pos} remaining"
        pos += skip
    return f"ok, stopped at {pos}/{len(buf)}"


print("\nlibrdkafka <= 2.1 (taglen - 1):", skip_tags(body, tags_at, True))
print("librdkafka >= 2.2 (taglen)    :", skip_tags(body, tags_at, False))
