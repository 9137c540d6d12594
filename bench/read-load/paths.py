"""Writes the path lists the random-path scenarios draw from, read straight from the generated database:

  paths.py <cms.db> <out-directory> [words=500]

ids.txt: /api/v1/articles/{id} for every article a reader can open (published, its time come), over the whole corpus.
words.txt: /api/v1/articles?q={word} for `words` distinct Chinese words of 2-4 characters that occur in the corpus, with
the spread of real queries: their ranks by document frequency (in a sample of articles) are drawn log-uniformly, so
as many come from the top 100 as from ranks 100-10,000: some stand in most articles, some in a handful. Prints the frequency spread of the words chosen."""
import random, re, sqlite3, sys, urllib.parse
from collections import Counter

db, out = sys.argv[1], sys.argv[2]
count = int(sys.argv[3]) if len(sys.argv) > 3 else 500
rng = random.Random(14)
c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
now = c.execute("SELECT strftime('%Y-%m-%dT%H:%M:%fZ', 'now')").fetchone()[0]
ids = [r[0] for r in c.execute("SELECT id FROM articles WHERE status = 'published' AND sort_at <= ?", (now,))]
with open(f"{out}/ids.txt", "w") as f:
    f.writelines(f"/api/v1/articles/{i}\n" for i in ids)

sample = c.execute("SELECT title || ' ' || coalesce(summary, '') || ' ' || body_html FROM articles ORDER BY random() LIMIT 2000").fetchall()
frequency = Counter()
for (text,) in sample:
    grams = set()
    for run in re.findall(r"[\u4e00-\u9fff]+", re.sub(r"<[^>]*>", " ", text)):
        for n in (2, 3, 4):
            grams.update(run[i:i + n] for i in range(len(run) - n + 1))
    frequency.update(grams)
ranked = [w for w, _ in frequency.most_common()]
chosen = set()
while len(chosen) < min(count, len(ranked)):
    chosen.add(int(len(ranked) ** rng.random()) - 1)
words = [ranked[r] for r in chosen]
rng.shuffle(words)
with open(f"{out}/words.txt", "w") as f:
    f.writelines(f"/api/v1/articles?q={urllib.parse.quote(w)}\n" for w in words)
shares = sorted((frequency[w] / len(sample) for w in words), reverse=True)
print(f"{len(ids):,} readable ids; {len(words)} words, share of articles holding them: "
      f"max {shares[0]:.0%}, 10th {shares[9]:.0%}, median {shares[len(shares) // 2]:.1%}, min {shares[-1]:.2%}")
