"""The usual analyst pipeline, for side-by-side timing with policy-themes.

jieba.lcut + scikit-learn TfidfVectorizer(min_df=2, max_df=0.5,
sublinear_tf=True) + MiniBatchKMeans, on a JSONL corpus (`text`, optional
`title` and `label`). Prints one JSON line: seconds per stage and, when the
corpus has labels, the NMI of the clustering against them.
"""

import argparse
import json
import time

import jieba
from sklearn.cluster import MiniBatchKMeans
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import normalized_mutual_info_score


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("corpus")
    parser.add_argument("--k", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    started = time.perf_counter()
    texts, labels = [], []
    with open(args.corpus, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            doc = json.loads(line)
            texts.append((doc.get("title") or "") + "\n" + doc["text"])
            labels.append(doc.get("label"))
    read = time.perf_counter()
    jieba.initialize()
    docs = [" ".join(jieba.lcut(t)) for t in texts]
    segmented = time.perf_counter()
    matrix = TfidfVectorizer(
        min_df=2, max_df=0.5, sublinear_tf=True, token_pattern=r"(?u)\S\S+"
    ).fit_transform(docs)
    vectorized = time.perf_counter()
    clusters = MiniBatchKMeans(n_clusters=args.k, random_state=args.seed, n_init=3).fit_predict(matrix)
    clustered = time.perf_counter()
    nmi = None
    if all(label is not None for label in labels):
        nmi = normalized_mutual_info_score(labels, clusters)
    print(json.dumps({
        "docs": len(texts),
        "read_s": read - started,
        "segment_s": segmented - read,
        "tfidf_s": vectorized - segmented,
        "kmeans_s": clustered - vectorized,
        "total_s": clustered - started,
        "nmi": nmi,
    }))


if __name__ == "__main__":
    main()
