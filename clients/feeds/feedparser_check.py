#!/usr/bin/env python3
"""Reads every feed kind (RSS, Atom, JSON Feed) of a live API with Debian's python3-feedparser and checks what it
gets for one article: title, link, date, full body, authors (writing roles only), cover image, stable id, and the
feed's next-page link.

    python3 feedparser_check.py EXPECT_JSON      (written by readers.mjs)

Prints "feeds feedparser <feed> <check>: PASS|FAIL (why)" per check; exits 1 when a check failed."""
import calendar
import datetime
import json
import re
import sys

import feedparser

try:
    import feedparser.parsers.json  # noqa: F401 - only feedparser 6.1 on reads JSON Feed
    READS_JSON = True
except ImportError:
    READS_JSON = False

passed = failed = 0


def check(feed, name, ok, why=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"feeds feedparser {feed} {name}: PASS")
    else:
        failed += 1
        print(f"feeds feedparser {feed} {name}: FAIL ({why})")


def plain(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]*>", "", html or "")).strip()


def show(value):
    return json.dumps(value, ensure_ascii=False, default=str)[:160]


def main(expect_path):
    with open(expect_path, encoding="utf-8") as f:
        expect = json.load(f)
    want = expect["item"]
    published = datetime.datetime.fromisoformat(want["published"].replace("Z", "+00:00")).timestamp()
    for kind, url in expect["feeds"].items():
        for fmt in ("rss", "atom", "json"):
            name = f"{kind}.{fmt}"
            if fmt == "json" and not READS_JSON:
                print(f"feeds feedparser {name}: SKIP (feedparser {feedparser.__version__} reads no JSON Feed)")
                continue
            try:
                # feedparser fetches the URL itself, as a reader does.
                d = feedparser.parse(f"{url}.{fmt}")
                if d.get("status") != 200:
                    raise RuntimeError(f"status {d.get('status')}: {d.get('bozo_exception')}")
            except Exception as e:  # noqa: BLE001 - a failure to fetch is a failed check
                check(name, "parses", False, str(e))
                continue
            check(name, "parses", not d.bozo, str(d.get("bozo_exception")))
            entry = next((e for e in d.entries if e.get("id") == want["id"]), None)
            check(name, "item found", entry is not None, f"no entry has id {want['id']} ({len(d.entries)} entries)")
            if entry is None:
                continue
            check(name, "title", entry.get("title") == want["title"], show(entry.get("title")))
            # feedparser's link of an Atom entry is an HTML alternate; without one (no page URL template) it puts the id
            # there and keeps the typed alternates in links, where a client finds the article's JSON.
            html_link = entry.get("link") if not entry.get("guidislink") else None
            alternates = [l.get("href") for l in entry.get("links", []) if l.get("rel") == "alternate"]
            check(name, "link", html_link == want["link"] or (html_link is None and want["link"] in alternates),
                  f"link {show(entry.get('link'))}, alternates {show(alternates)}")
            parsed = entry.get("published_parsed")
            check(name, "date", parsed is not None and abs(calendar.timegm(parsed) - published) < 1,
                  f"{show(entry.get('published'))} is not {want['published']}")
            body = " ".join(c.get("value", "") for c in entry.get("content", []))
            check(name, "full body", want["bodyTail"] in body and plain(body) != want["summary"],
                  f"content {show(plain(body)[-60:])} lacks {want['bodyTail']!r}")
            authors = [a.get("name") for a in entry.get("authors", []) if a.get("name")]
            check(name, "authors",
                  all(a in authors for a in want["authors"]) and not any(n in authors for n in want["notAuthors"])
                  and entry.get("author") in want["authors"],
                  f"authors {show(authors)}, author {show(entry.get('author'))}; want {show(want['authors'])} "
                  f"without {show(want['notAuthors'])}")
            covers = [m.get("url") for m in entry.get("media_content", [])] + \
                     [l.get("href") for l in entry.get("enclosures", [])] + \
                     ([entry["image"].get("href")] if isinstance(entry.get("image"), dict) else [])
            check(name, "cover image", want["cover"] in covers, show(covers))
            check(name, "stable id", entry.get("id") == want["id"], show(entry.get("id")))
            nexts = [l.get("href") for l in d.feed.get("links", []) if l.get("rel") == "next"]
            if fmt == "json":
                nexts = [d.feed.get("next_url")] + nexts
            check(name, "next page link", any(n and "cursor=" in n for n in nexts), show(nexts))
    print(f"feeds feedparser: {passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1]))
