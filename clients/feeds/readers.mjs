// Reads every feed kind of a live API with rss-parser and @extractus/feed-extractor and checks what each reader gets
// for one article: title, link, date, full body, authors (writing roles only), cover image, stable id, and the
// feed's next-page link.
//   node readers.mjs BASE_URL EXPECT_JSON [ADMIN_KEY]
// With ADMIN_KEY it first adds older articles, so that every feed has a second page. It writes what it expects to
// EXPECT_JSON (for feedparser.py), prints "feeds <reader> <feed> <check>: PASS|FAIL (why)" per check and exits 1 when
// a check failed.
import { writeFileSync } from 'node:fs';
import Parser from 'rss-parser';
import { extractFromJson, extractFromXml } from '@extractus/feed-extractor';

const [base, expectPath, adminKey] = process.argv.slice(2);
if (!base || !expectPath) {
  console.error('usage: node readers.mjs BASE_URL EXPECT_JSON [ADMIN_KEY]');
  process.exit(2);
}
const api = `${base.replace(/\/$/, '')}/api/v1`;
const SEED_ID = 3808167;
const WRITING_ROLES = new Set(['reporter', 'correspondent', 'writer']);
const PAGE = 20;
let failed = 0;
let passed = 0;

async function get(url, init) {
  const res = await fetch(url, init);
  const text = await res.text();
  if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${url}: ${res.status} ${text.slice(0, 300)}`);
  return text;
}

const json = async (url, init) => JSON.parse(await get(url, init));

function check(reader, feed, name, ok, why) {
  if (ok) { passed++; console.log(`feeds ${reader} ${feed} ${name}: PASS`); }
  else { failed++; console.log(`feeds ${reader} ${feed} ${name}: FAIL (${why})`); }
}

const plain = (html) => (html ?? '').replace(/<[^>]*>/g, '').replace(/&nbsp;/g, ' ').replace(/\s+/g, ' ').trim();
const sameInstant = (a, b) => a && b && Math.abs(new Date(a).getTime() - new Date(b).getTime()) < 1000;
const show = (v) => JSON.stringify(v)?.slice(0, 160);

// What the article's own JSON says; every reader must get the same.
async function expectations() {
  const article = await json(`${api}/articles/${SEED_ID}`);
  const writers = article.bylines.filter((b) => WRITING_ROLES.has(b.role));
  const others = article.bylines.filter((b) => !WRITING_ROLES.has(b.role)).map((b) => b.author.name);
  const text = plain(article.bodyHtml);
  const station = article.station.slug;
  const channel = article.channel.slug;
  if (writers.length === 0 || !article.cover) throw new Error(`article ${SEED_ID} has no writing byline or no cover`);
  const feeds = {
    portal: `${api}/feeds/articles`,
    station: `${api}/feeds/stations/${station}`,
    channel: `${api}/feeds/stations/${station}/channels/${channel}`,
    author: `${api}/feeds/authors/${writers[0].author.slug}`,
  };
  return {
    feeds,
    item: {
      id: `urn:cms:article:${SEED_ID}`,
      title: article.title,
      link: `${api}/articles/${SEED_ID}`,
      published: article.publishedAt,
      // Atom's <updated>: a scheduled article changed for its readers when it appeared.
      updated: new Date(Math.max(Date.parse(article.updatedAt), Date.parse(article.publishedAt))).toISOString(),
      // The body's last words: in the full content, not in the summary.
      bodyTail: text.slice(-20),
      summary: article.summary,
      authors: writers.map((b) => b.author.name),
      notAuthors: others.filter((n) => !writers.some((w) => w.author.name === n)),
      cover: article.cover.url,
    },
    stationId: article.station.id,
    channelId: article.channel.id,
    writerId: writers[0].author.id,
  };
}

// Older articles in the seed article's channel by its first writer, so that each feed kind has a next page.
async function addOlderArticles(expect) {
  const headers = { Authorization: `Bearer ${adminKey}`, 'Content-Type': 'application/json' };
  for (let i = 0; i <= PAGE; i++) {
    const publishedAt = new Date(Date.UTC(2023, 5, 1, 0, i)).toISOString();
    await get(`${api}/articles`, {
      method: 'POST', headers,
      body: JSON.stringify({
        title: `往期新闻 ${i + 1}`, bodyHtml: `<p>往期新闻正文 ${i + 1}。</p>`, stationId: expect.stationId, channelId: expect.channelId,
        status: 'published', publishedAt, bylines: [{ authorId: expect.writerId, role: 'reporter' }], tags: [],
      }),
    });
  }
}

function checkItem(reader, feed, got, want, dateOf = 'published') {
  check(reader, feed, 'item found', !!got, `no item has id ${want.id} or links to ${want.link}`);
  if (!got) return;
  check(reader, feed, 'title', got.title === want.title, show(got.title));
  check(reader, feed, 'link', got.link === want.link, show(got.link));
  check(reader, feed, 'date', sameInstant(got.date, want[dateOf]), `${show(got.date)} is not ${dateOf} ${want[dateOf]}`);
  check(reader, feed, 'full body', (got.body ?? '').includes(want.bodyTail) && plain(got.body) !== want.summary,
    `body ${show(plain(got.body).slice(-60))} lacks "${want.bodyTail}"`);
  const authors = got.authors ?? [];
  check(reader, feed, 'authors', want.authors.every((a) => authors.includes(a)) && !want.notAuthors.some((n) => authors.includes(n)),
    `got ${show(authors)}, want ${show(want.authors)} without ${show(want.notAuthors)}`);
  check(reader, feed, 'cover image', got.cover === want.cover, show(got.cover));
  check(reader, feed, 'stable id', got.id === want.id, show(got.id));
}

// rss-parser: RSS and Atom (it does not read JSON Feed). Its RSS item has creator (the first dc:creator),
// content:encoded, guid, enclosure, isoDate, and the channel's atom:link pagination; Atom entries are read through
// customFields, as a consumer of Atom with rss-parser does.
async function rssParser(expect, kind, url, format) {
  const parser = new Parser({
    customFields: {
      feed: [['atom:link', 'atomLinks', { keepArray: true }], ['link', 'links', { keepArray: true }]],
      item: [['dc:creator', 'creators', { keepArray: true }], ['media:content', 'mediaContent'], ['author', 'authors', { keepArray: true }],
        ['link', 'links', { keepArray: true }]],
    },
  });
  const feed = await parser.parseString(await get(url));
  const name = `${kind}.${format}`;
  const want = expect.item;
  const item = feed.items.find((i) => (i.guid ?? i.id) === want.id);
  const got = item && (format === 'rss'
    ? {
      title: item.title, link: item.link, date: item.isoDate, body: item['content:encoded'],
      authors: (item.creators ?? []).map(String), cover: item.enclosure?.url, id: item.guid,
    }
    : {
      title: item.title, link: item.link, date: item.isoDate ?? item.pubDate, body: item.content,
      authors: (item.authors ?? []).map((a) => a.name?.[0]), cover: item.mediaContent?.$?.url, id: item.id,
    });
  checkItem('rss-parser', name, got, want);
  const next = format === 'rss'
    ? feed.paginationLinks?.next
    : (feed.links ?? []).find((l) => l.$?.rel === 'next')?.$?.href;
  check('rss-parser', name, 'next page link', typeof next === 'string' && next.includes('cursor='), show(next ?? feed.paginationLinks));
  return next;
}

// @extractus/feed-extractor: its normalized entry has id, title, link, published and a plain-text description; the
// body, authors and cover come through getExtraEntryFields from the parsed item, as its README shows.
async function feedExtractor(expect, kind, url, format) {
  const text = await get(url);
  const name = `${kind}.${format}`;
  const want = expect.item;
  const list = (v) => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]);
  const textOf = (v) => (v && typeof v === 'object' ? v['#text'] ?? v._ ?? '' : v ?? '');
  const options = {
    descriptionMaxLen: 0,
    getExtraFeedFields: (f) => ({
      next: format === 'json'
        ? f.next_url
        : list(f['atom:link'] ?? f.link).map((l) => (typeof l === 'object' ? l : {})).find((l) => l['@_rel'] === 'next')?.['@_href'],
    }),
    getExtraEntryFields: (e) => format === 'json'
      ? { body: e.content_html, authors: list(e.authors).map((a) => a.name), cover: e.image }
      : format === 'rss'
        ? { body: textOf(e['content:encoded']), authors: list(e['dc:creator']).map(textOf), cover: e.enclosure?.['@_url'] }
        : { body: textOf(e.content), authors: list(e.author).map((a) => textOf(a.name)), cover: list(e.link).find((l) => l['@_rel'] === 'enclosure')?.['@_href'] },
  };
  const feed = format === 'json' ? extractFromJson(JSON.parse(text), options) : extractFromXml(text, options);
  const entry = feed.entries.find((e) => e.id === want.id) ?? feed.entries.find((e) => e.link === want.link);
  const got = entry && { title: entry.title, link: entry.link, date: entry.published, body: entry.body, authors: entry.authors, cover: entry.cover, id: entry.id };
  // Its date of an Atom entry is <updated> (then <published>), by its own rule.
  checkItem('feed-extractor', name, got, want, format === 'atom' ? 'updated' : 'published');
  check('feed-extractor', name, 'next page link', typeof feed.next === 'string' && feed.next.includes('cursor='), show(feed.next));
}

const expect = await expectations();
if (adminKey) await addOlderArticles(expect);
writeFileSync(expectPath, JSON.stringify(expect, null, 2));
for (const [kind, url] of Object.entries(expect.feeds)) {
  for (const format of ['rss', 'atom']) {
    const next = await rssParser(expect, kind, `${url}.${format}`, format).catch((e) => { check('rss-parser', `${kind}.${format}`, 'parses', false, e.message); });
    if (next) {
      // The next page is itself a feed of older articles, without the newest one.
      const older = await new Parser().parseURL(next).catch((e) => ({ error: e.message }));
      check('rss-parser', `${kind}.${format}`, 'next page parses', Array.isArray(older.items) && older.items.length > 0
        && !older.items.some((i) => (i.guid ?? i.id) === expect.item.id), older.error ?? `${older.items?.length} items`);
    }
  }
  console.log(`feeds rss-parser ${kind}.json: SKIP (rss-parser reads no JSON Feed)`);
  for (const format of ['rss', 'atom', 'json']) {
    await feedExtractor(expect, kind, `${url}.${format}`, format).catch((e) => { check('feed-extractor', `${kind}.${format}`, 'parses', false, e.message); });
  }
}
console.log(`feeds node readers: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
