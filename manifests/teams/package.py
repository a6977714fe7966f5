#!/usr/bin/env python3
"""Checks DesignBot's Teams manifest and zips the app package to sideload.

  python3 manifests/teams/package.py --app-id <Microsoft App ID> --host <public host> [--out designbot-teams.zip]

Fills in the app id and the host (no scheme: designbot.example.com), checks the fields Teams requires and its
limits (names, descriptions, commands, the icons' sizes and transparency), and writes manifest.json, color.png and
outline.png at the root of the zip. Exits 1 with one line per problem when the manifest would be refused."""
import argparse
import json
import re
import struct
import sys
import zipfile
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def png_info(path):
    """(width, height, colour type, pixels as RGBA rows or None) of an 8-bit PNG without interlacing."""
    data = path.read_bytes()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        return None
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    if depth != 8 or colour != 6 or interlace != 0:
        return width, height, colour, None
    raw, stride, rows, prev = zlib.decompress(idat), width * 4, [], bytearray(width * 4)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - 4] if i >= 4 else 0
            up, corner = prev[i], prev[i - 4] if i >= 4 else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        rows.append(bytes(line))
        prev = line
    return width, height, colour, rows


def check(manifest, folder):
    problems = []

    def need(path, limit=None):
        node = manifest
        for part in path.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if node in (None, "", []):
            problems.append(f"{path} is required")
        elif limit is not None and isinstance(node, str) and len(node) > limit:
            problems.append(f"{path} is {len(node)} characters; Teams allows {limit}")
        return node

    version = need("manifestVersion")
    if version and tuple(int(p) for p in str(version).split(".")) < (1, 22):
        problems.append(f"manifestVersion {version}: use 1.22 or later")
    if need("version") and not re.match(r"^\d+\.\d+\.\d+$", manifest["version"]):
        problems.append("version must be major.minor.patch")
    for path, limit in [("id", None), ("developer.name", 32), ("developer.websiteUrl", 2048), ("developer.privacyUrl", 2048),
                        ("developer.termsOfUseUrl", 2048), ("name.short", 30), ("name.full", 100), ("description.short", 80),
                        ("description.full", 4000), ("icons.color", None), ("icons.outline", None), ("accentColor", None)]:
        need(path, limit)
    if manifest.get("id") and not GUID.match(manifest["id"]):
        problems.append("id must be a GUID (the Microsoft App ID)")
    for key in ("websiteUrl", "privacyUrl", "termsOfUseUrl"):
        if not str(manifest.get("developer", {}).get(key, "")).startswith("https://"):
            problems.append(f"developer.{key} must be an https URL")
    bots = manifest.get("bots") or []
    if len(bots) != 1:
        problems.append("bots must hold exactly one bot")
    for bot in bots:
        if not GUID.match(str(bot.get("botId", ""))):
            problems.append("bots[0].botId must be the Microsoft App ID (a GUID)")
        scopes = set(bot.get("scopes") or [])
        if not {"team", "groupChat", "personal"} <= scopes:
            problems.append("bots[0].scopes must include team, groupChat and personal")
        for commands in bot.get("commandLists") or []:
            items = commands.get("commands") or []
            if len(items) > 10:
                problems.append("a command list holds at most 10 commands")
            for command in items:
                if not command.get("title") or len(command["title"]) > 32:
                    problems.append(f"command title '{command.get('title')}' must be 1-32 characters")
                if not command.get("description") or len(command["description"]) > 128:
                    problems.append(f"command '{command.get('title')}' needs a description of at most 128 characters")
        titles = {c.get("title") for cl in bot.get("commandLists") or [] for c in cl.get("commands") or []}
        for wanted in ("start", "status", "summary", "help"):
            if wanted not in titles:
                problems.append(f"commandLists must offer '{wanted}'")
    app = manifest.get("webApplicationInfo") or {}
    if not GUID.match(str(app.get("id", ""))):
        problems.append("webApplicationInfo.id must be the Microsoft App ID (resource-specific consent needs it)")
    rsc = (manifest.get("authorization") or {}).get("permissions", {}).get("resourceSpecific") or []
    if not any(p.get("name") == "ChannelMessage.Read.Group" and p.get("type") == "Application" for p in rsc):
        problems.append("authorization.permissions.resourceSpecific must request ChannelMessage.Read.Group (Application) so thread replies reach the bot")
    for key, size in (("color", 192), ("outline", 32)):
        path = folder / manifest.get("icons", {}).get(key, "")
        info = png_info(path) if path.is_file() else None
        if info is None:
            problems.append(f"icons.{key}: {path.name} is not a PNG file beside the manifest")
            continue
        width, height, _, rows = info
        if (width, height) != (size, size):
            problems.append(f"icons.{key} is {width}x{height}; Teams wants {size}x{size}")
        if key == "outline":
            if rows is None:
                problems.append("icons.outline must be an 8-bit RGBA PNG (white on transparent)")
                continue
            pixels = [row[i:i + 4] for row in rows for i in range(0, len(row), 4)]
            if not any(p[3] == 0 for p in pixels):
                problems.append("icons.outline must have a transparent background")
            if any(p[3] > 0 and p[:3] != b"\xff\xff\xff" for p in pixels):
                problems.append("icons.outline must be white where it is not transparent")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app-id", required=True, help="the Azure Bot's Microsoft App ID")
    parser.add_argument("--host", required=True, help="the public host name DesignBot answers on, e.g. designbot.example.com")
    parser.add_argument("--out", default="designbot-teams.zip")
    args = parser.parse_args()
    text = (HERE / "manifest.json").read_text(encoding="utf-8")
    host = re.sub(r"^https?://", "", args.host).strip("/")
    text = text.replace("{{MICROSOFT_APP_ID}}", args.app_id).replace("{{PUBLIC_HOST}}", host)
    manifest = json.loads(text)
    problems = check(manifest, HERE)
    if problems:
        for problem in problems:
            print(f"manifest: {problem}", file=sys.stderr)
        return 1
    with zipfile.ZipFile(args.out, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("manifest.json", text)
        package.write(HERE / manifest["icons"]["color"], manifest["icons"]["color"])
        package.write(HERE / manifest["icons"]["outline"], manifest["icons"]["outline"])
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
