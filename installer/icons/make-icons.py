#!/usr/bin/env python3
"""Draws the app icon (an SMT chip with pins on a rounded blue tile) without any image library and
writes smt-console.png (256 px, Linux), smt-console.ico (Windows) and smt-console.icns (macOS);
the .ico and .icns simply embed PNGs, which both formats allow. Run it again after changing it."""
import os, struct, zlib

def draw(size):
    s = size / 256.0
    px = bytearray()
    for y in range(size):
        px.append(0)  # PNG filter: none
        for x in range(size):
            X, Y = x / s, y / s
            # rounded tile, radius 40
            r = 40
            cx = min(max(X, r), 256 - r); cy = min(max(Y, r), 256 - r)
            inside = (X - cx) ** 2 + (Y - cy) ** 2 <= r * r
            if not inside:
                px += bytes((0, 0, 0, 0)); continue
            col = (21, 101, 192, 255)                      # tile blue
            if 72 <= X <= 184 and 72 <= Y <= 184:
                col = (38, 50, 56, 255)                    # chip body
                if (X - 92) ** 2 + (Y - 92) ** 2 <= 64:
                    col = (120, 144, 156, 255)             # pin-1 mark
            else:
                # pins: 4 per side, 12 wide, between 40 and 72 from the edge
                for k in range(4):
                    a = 84 + k * 26
                    if a <= X <= a + 12 and (40 <= Y < 72 or 184 < Y <= 216):
                        col = (224, 224, 224, 255)
                    if a <= Y <= a + 12 and (40 <= X < 72 or 184 < X <= 216):
                        col = (224, 224, 224, 255)
            if 104 <= X <= 152 and 124 <= Y <= 132:
                col = (102, 187, 106, 255)                 # green "running" bar
            px += bytes(col)
    def chunk(t, d):
        return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d) & 0xffffffff)
    ihdr = struct.pack('>IIBBBBB', size, size, 8, 6, 0, 0, 0)
    return b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', ihdr) + chunk(b'IDAT', zlib.compress(bytes(px), 9)) + chunk(b'IEND', b'')

here = os.path.dirname(os.path.abspath(__file__))
pngs = {n: draw(n) for n in (16, 32, 48, 128, 256)}
open(os.path.join(here, 'smt-console.png'), 'wb').write(pngs[256])

ico_sizes = (16, 32, 48, 256)
head = struct.pack('<HHH', 0, 1, len(ico_sizes))
offset = 6 + 16 * len(ico_sizes)
entries, data = b'', b''
for n in ico_sizes:
    entries += struct.pack('<BBBBHHII', n % 256, n % 256, 0, 0, 1, 32, len(pngs[n]), offset + len(data))
    data += pngs[n]
open(os.path.join(here, 'smt-console.ico'), 'wb').write(head + entries + data)

icns = b''
for typ, n in ((b'ic07', 128), (b'ic08', 256)):
    icns += typ + struct.pack('>I', 8 + len(pngs[n])) + pngs[n]
open(os.path.join(here, 'smt-console.icns'), 'wb').write(b'icns' + struct.pack('>I', 8 + len(icns)) + icns)
