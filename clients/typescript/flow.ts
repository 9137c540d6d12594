// The integrator's flow with the client generated from openapi.yaml (openapi-typescript + openapi-fetch): every call
// goes through the typed client, every step asserts what a user of the API relies on. Run by clients/run.sh.
// Environment: CMS_BASE_URL (http://127.0.0.1:PORT), CMS_API_KEY (an admin key), CMS_IMAGE (a PNG file to upload).
import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import createClient from "openapi-fetch";
import type { components, paths } from "./generated/schema.js";

type Article = components["schemas"]["ArticleResponse"];

const baseUrl = required("CMS_BASE_URL");
const apiKey = required("CMS_API_KEY");
const imagePath = required("CMS_IMAGE");
const demoArticleId = 3808167;

const editor = createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${apiKey}` } });
const reader = createClient<paths>({ baseUrl });

const failures: string[] = [];

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is not set (clients/run.sh sets it).`);
    process.exit(2);
  }
  return value;
}

function check(condition: boolean, message: string): asserts condition {
  if (!condition) {
    throw new Error(message);
  }
}

function problem(response: Response, error: unknown): string {
  return `${response.status} ${JSON.stringify(error)}`;
}

function etagOf(response: Response, what: string): string {
  const etag = response.headers.get("ETag");
  check(etag !== null && etag.length > 0, `${what} came without an ETag header`);
  return etag;
}

/** Runs one step; a failure is reported and counted, and the steps that need its result are skipped. */
async function step<T>(name: string, run: () => Promise<T>): Promise<T | undefined> {
  const started = Date.now();
  try {
    const result = await run();
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
    return result;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    console.log(`FAIL ${name}: ${message}`);
    failures.push(name);
    return undefined;
  }
}

function skip(name: string, because: string): undefined {
  console.log(`SKIP ${name}: needs ${because}`);
  failures.push(name);
  return undefined;
}

const publicIds = await step("list articles and page through with cursors to the end", async () => {
  const seen = new Set<number>();
  const first = await reader.GET("/api/v1/articles", { params: { query: { limit: 2, count: true } } });
  check(first.data !== undefined, `first page: ${problem(first.response, first.error)}`);
  const total = first.data.total;
  check(typeof total === "number", "count=true gave no total");
  let page = first.data;
  let pages = 1;
  for (;;) {
    check(page.items.length <= 2, `a page of limit 2 held ${page.items.length} items`);
    for (const item of page.items) {
      check(!seen.has(item.id), `article ${item.id} came again on page ${pages}`);
      check(item.status === "published", `anonymous list showed article ${item.id} with status ${item.status}`);
      seen.add(item.id);
    }
    const cursor = page.nextCursor;
    if (cursor === null || cursor === undefined) {
      break;
    }
    const next = await reader.GET("/api/v1/articles", { params: { query: { limit: 2, cursor } } });
    check(next.data !== undefined, `page ${pages + 1}: ${problem(next.response, next.error)}`);
    page = next.data;
    pages++;
    check(pages <= 1000, "more than 1000 pages: the cursor does not advance");
  }
  check(seen.size === total, `paging gave ${seen.size} articles, total says ${total}`);
  check(seen.has(demoArticleId), `article ${demoArticleId} was not in the list`);
  console.log(`     ${seen.size} articles in ${pages} pages`);
  return seen;
});

const demo = await step(`read article ${demoArticleId}`, async () => {
  const { data, error, response } = await reader.GET("/api/v1/articles/{id}", { params: { path: { id: demoArticleId } } });
  check(data !== undefined, problem(response, error));
  check(data.id === demoArticleId, `asked for ${demoArticleId}, got ${data.id}`);
  check(data.title.length > 0 && data.bodyHtml.length > 0, "the article has no title or no body");
  check(data.station.slug.length > 0 && data.channel.slug.length > 0, "the breadcrumb (station, channel) is missing");
  etagOf(response, `GET article ${demoArticleId}`);
  const again = await reader.GET("/api/v1/articles/{id}", {
    params: { path: { id: demoArticleId }, header: { "If-None-Match": etagOf(response, "GET") } },
  });
  check(again.response.status === 304, `a GET with the ETag just received answered ${again.response.status}, not 304`);
  return data;
});

const syncStart = await step("follow /sync from the start to the end", async () => {
  const held = new Map<number, Article>();
  let since: string | undefined;
  let calls = 0;
  for (;;) {
    const { data, error, response } = await reader.GET("/api/v1/sync", { params: { query: { since, limit: 2 } } });
    check(data !== undefined, `sync call ${calls + 1}: ${problem(response, error)}`);
    calls++;
    for (const item of data.items) {
      if (item.deleted) {
        held.delete(item.id);
      } else {
        check(item.article !== undefined && item.article !== null, `sync item ${item.id} is not deleted and has no article`);
        held.set(item.id, item.article);
      }
    }
    since = data.nextToken;
    if (!data.hasMore) {
      break;
    }
    check(calls <= 1000, "more than 1000 sync calls: hasMore never ends");
  }
  if (publicIds !== undefined) {
    const missing = [...publicIds].filter((id) => !held.has(id));
    const extra = [...held.keys()].filter((id) => !publicIds.has(id));
    check(missing.length === 0 && extra.length === 0,
      `applying the sync does not give the public list: missing ${missing.join(",")}, extra ${extra.join(",")}`);
  }
  console.log(`     ${held.size} articles in ${calls} calls`);
  return since;
});

const image = await step("upload an image (multipart)", async () => {
  const bytes = await readFile(imagePath);
  const { data, error, response } = await editor.POST("/api/v1/media", {
    body: { file: new Blob([bytes], { type: "image/png" }), alt: "A test pattern", credit: "clients flow" },
    bodySerializer(body) {
      const form = new FormData();
      form.append("file", body.file, basename(imagePath));
      if (body.alt) form.append("alt", body.alt);
      if (body.credit) form.append("credit", body.credit);
      return form;
    },
  });
  check(data !== undefined, problem(response, error));
  check(response.status === 201, `upload answered ${response.status}, not 201`);
  check(data.contentType === "image/png", `uploaded a PNG, the server says ${data.contentType}`);
  check(data.alt === "A test pattern", `alt text not kept: ${data.alt}`);
  check(/^[0-9a-f]{64}$/.test(data.sha256), `sha256 is not 64 hex digits: ${data.sha256}`);
  check(data.width !== null && data.width > 0 && data.height !== null && data.height > 0, "the image has no size");
  return data;
});

const created = demo === undefined ? skip("create an article", `article ${demoArticleId}`) : await step("create an article", async () => {
  const title = `Clients flow ${new Date().toISOString()}`;
  const { data, error, response } = await editor.POST("/api/v1/articles", {
    body: {
      title,
      stationId: demo.station.id,
      channelId: demo.channel.id,
      status: "draft",
      bodyHtml: "<p>Written by the generated TypeScript client.</p>",
      tags: ["clients-flow"],
      coverMediaId: image?.id ?? null,
    },
  });
  check(data !== undefined, problem(response, error));
  check(response.status === 201, `create answered ${response.status}, not 201`);
  check(data.status === "draft", `created as draft, got ${data.status}`);
  check(response.headers.get("Location") !== null, "201 without a Location header");
  const read = await editor.GET("/api/v1/articles/{id}", { params: { path: { id: data.id } } });
  check(read.data !== undefined, `the created article could not be read: ${problem(read.response, read.error)}`);
  check(read.data.title === title, `the next read has title ${read.data.title}, not ${title}`);
  check(read.data.tags.includes("clients-flow"), "the next read lost the tag");
  if (image !== undefined) {
    check(read.data.cover !== null && read.data.cover.mediaId === image.id, "the cover is not the uploaded image");
  }
  const anonymous = await reader.GET("/api/v1/articles/{id}", { params: { path: { id: data.id } } });
  check(anonymous.response.status === 404, `a draft is visible to the public (${anonymous.response.status})`);
  return { article: read.data, etag: etagOf(read.response, "GET of the created article") };
});

const patched = created === undefined ? skip("conditional PATCH with If-Match", "the created article") : await step("conditional PATCH with If-Match", async () => {
  const title = `${created.article.title} (edited)`;
  const { data, error, response } = await editor.PATCH("/api/v1/articles/{id}", {
    params: { path: { id: created.article.id }, header: { "If-Match": created.etag } },
    headers: { "Content-Type": "application/merge-patch+json" },
    body: { title, subtitle: "Added by a merge patch" },
  });
  check(data !== undefined, problem(response, error));
  check(data.title === title, `PATCH left the title ${data.title}`);
  check(data.subtitle === "Added by a merge patch", `PATCH did not set the subtitle: ${data.subtitle}`);
  check(data.bodyHtml === created.article.bodyHtml, "PATCH of the title changed the body");
  check(data.tags.includes("clients-flow"), "PATCH of the title dropped the tags");
  check(data.version > created.article.version, `version did not grow: ${created.article.version} -> ${data.version}`);
  const etag = etagOf(response, "PATCH");
  check(etag !== created.etag, "the ETag did not change with the PATCH");
  const stale = await editor.PATCH("/api/v1/articles/{id}", {
    params: { path: { id: created.article.id }, header: { "If-Match": created.etag } },
    headers: { "Content-Type": "application/merge-patch+json" },
    body: { title: "lost update" },
  });
  check(stale.response.status === 412, `a PATCH with the old ETag answered ${stale.response.status}, not 412`);
  return { article: data, etag };
});

const published = patched === undefined ? skip("publish it", "the patched article") : await step("publish it", async () => {
  const { data, error, response } = await editor.POST("/api/v1/articles/{id}/publish", {
    params: { path: { id: patched.article.id }, header: { "If-Match": patched.etag } },
  });
  check(data !== undefined, problem(response, error));
  check(data.status === "published", `status after publish: ${data.status}`);
  check(data.publishedAt !== null, "published without a publishedAt");
  const anonymous = await reader.GET("/api/v1/articles/{id}", { params: { path: { id: data.id } } });
  check(anonymous.data !== undefined, `the public cannot read it after publishing: ${anonymous.response.status}`);
  check(anonymous.data.title === patched.article.title, "the public sees another title");
  return data;
});

if (published === undefined) {
  skip("read the JSON Feed", "the published article");
} else {
  await step("read the JSON Feed", async () => {
    const { data, error, response } = await reader.GET("/api/v1/feeds/articles.json");
    check(data !== undefined, problem(response, error));
    check(response.headers.get("Content-Type")?.startsWith("application/feed+json") === true,
      `the JSON Feed came as ${response.headers.get("Content-Type")}`);
    check(data.version === "https://jsonfeed.org/version/1.1", `feed version ${data.version}`);
    const newest = data.items[0];
    check(newest !== undefined, "the feed is empty");
    check(newest.title === published.title, `the newest feed item is "${newest.title}", not the article just published`);
    check(newest.url?.endsWith(`/api/v1/articles/${published.id}`) === true, `the newest item links to ${newest.url}`);
  });
}

const archived = published === undefined ? skip("archive it", "the published article") : await step("archive it", async () => {
  const { data, error, response } = await editor.POST("/api/v1/articles/{id}/archive", {
    params: { path: { id: published.id } },
  });
  check(data !== undefined, problem(response, error));
  check(data.status === "archived", `status after archive: ${data.status}`);
  const anonymous = await reader.GET("/api/v1/articles/{id}", { params: { path: { id: data.id } } });
  check(anonymous.response.status === 404, `the public still reads it after archiving (${anonymous.response.status})`);
  return data;
});

if (syncStart === undefined || archived === undefined) {
  skip("follow /sync with the token it returned", "the first sync and the archived article");
} else {
  await step("follow /sync with the token it returned", async () => {
    const { data, error, response } = await reader.GET("/api/v1/sync", { params: { query: { since: syncStart } } });
    check(data !== undefined, problem(response, error));
    const mine = data.items.filter((item) => item.id === archived.id);
    check(mine.length === 1, `the archived article appears ${mine.length} times since the token`);
    check(mine[0]?.deleted === true, "since the token, the published-then-archived article is not marked deleted");
    check(data.items.every((item) => item.id !== demoArticleId), `article ${demoArticleId} did not change, yet came again`);
    check(data.nextToken.length > 0, "no nextToken");
  });
}

if (failures.length > 0) {
  console.log(`typescript flow: ${failures.length} step(s) failed: ${failures.join("; ")}`);
  process.exit(1);
}
console.log("typescript flow: all steps passed");
