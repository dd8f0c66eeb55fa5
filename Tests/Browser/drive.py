#!/usr/bin/env python3
"""Drives headless Chromium through the search page like a reader would.

Each step loads a URL in Chromium (--dump-dom gives the DOM after the page's
scripts ran), reads the links the page shows and follows them: a search, a
source facet, the next page, an article. Screenshots of the results page and
the coverage view are saved. Standard library only.
"""
import html.parser
import subprocess
import sys
import urllib.parse

BASE = sys.argv[1].rstrip("/")
SHOTS = sys.argv[2]
CHROMIUM = sys.argv[3] if len(sys.argv) > 3 else "chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
         "--hide-scrollbars", "--virtual-time-budget=2000"]
failures = []
passes = []


def check(condition, what):
    print(("ok    " if condition else "FAIL  ") + what)
    (passes if condition else failures).append(what)


class Page(html.parser.HTMLParser):
    """The parts of a page the steps look at: links by role, hits, headings."""

    def __init__(self):
        super().__init__()
        self.stack, self.links, self.hits, self.text = [], [], [], []
        self.h1 = ""
        self.summary = ""
        self.classes = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.classes.append(attrs.get("class", ""))
        self.stack.append(tag)
        if tag == "a" and "href" in attrs:
            self.links.append({"href": attrs["href"], "rel": attrs.get("rel", ""), "text": "",
                               "in": " ".join(c for c in self.classes if c)})
        if tag == "li" and attrs.get("class") == "hit":
            self.hits.append({"source": "", "title": "", "href": ""})

    def handle_endtag(self, tag):
        if self.stack:
            self.stack.pop()
            self.classes.pop()

    def handle_data(self, data):
        inside = " ".join(c for c in self.classes if c)
        if self.stack and self.stack[-1] == "a" and self.links:
            self.links[-1]["text"] += data
            if self.hits and "source" in inside.split():
                self.hits[-1]["source"] += data
            if self.hits and "hit" in inside.split() and "h2" in self.stack:
                self.hits[-1]["title"] += data
                self.hits[-1]["href"] = self.links[-1]["href"]
        if self.stack and self.stack[-1] == "h1":
            self.h1 += data
        if "summary" in inside.split():
            self.summary += data
        self.text.append(data)


def load(path):
    url = urllib.parse.urljoin(BASE + "/", path)
    dom = subprocess.run([CHROMIUM, *FLAGS, "--dump-dom", url], capture_output=True, text=True, timeout=90).stdout
    page = Page()
    page.feed(dom)
    print(f"      {url}: {len(dom)} bytes, {len(page.hits)} hits")
    return page


def screenshot(path, name):
    url = urllib.parse.urljoin(BASE + "/", path)
    subprocess.run([CHROMIUM, *FLAGS, "--window-size=900,760", f"--screenshot={SHOTS}/{name}", url],
                   capture_output=True, timeout=90)


results = load("/?q=river&limit=3")
check(len(results.hits) == 3, "a search shows a page of three hits")
check("matches" in results.summary, "the summary counts the matches: " + results.summary.strip()[:60])
facet = next((l for l in results.links if "sources" in l["in"].split()), None)
check(facet is not None, "the sidebar lists sources as links")
if facet:
    source = facet["text"].strip()
    filtered = load(facet["href"])
    check(filtered.hits and all(h["source"].strip() == source for h in filtered.hits),
          f"clicking the source facet {source} shows only its articles")
following = next((l for l in results.links if l["rel"] == "next"), None)
check(following is not None, "the results page links to the next page")
if following:
    second = load(following["href"])
    first_titles = [h["title"] for h in results.hits]
    check(second.hits and not set(h["title"] for h in second.hits) & set(first_titles),
          "the next page shows other hits")
    check("showing 4" in second.summary, "the next page starts at hit 4")
if results.hits:
    hit = results.hits[0]
    article = load(hit["href"])
    check(article.h1.strip() == hit["title"].strip(), "opening a hit shows its article: " + hit["title"].strip()[:50])
    check(any(l["text"].startswith("← back") for l in article.links), "the article links back to the search")
coverage = load("/coverage?q=levee&q=flood&by=year")
check(any("/coverage.csv" in l["href"] for l in coverage.links), "the coverage view offers a CSV download")
screenshot("/?q=river&limit=5", "results.png")
screenshot("/coverage?q=river&q=flood&q=election&by=month", "coverage.png")
print(f"{len(passes)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
