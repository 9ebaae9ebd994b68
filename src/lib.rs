//! policy-themes: which policy themes Chinese local-government news pushes,
//! city by city and over time.
//!
//! The pipeline, one module per stage, data flowing one way:
//!
//! | stage | module | in → out |
//! |---|---|---|
//! | read | [`read`] | files and folders → decoded pages and JSONL/CSV records |
//! | normalise | [`normalize`] | raw text → clean Simplified text |
//! | split | [`split`] | page → articles + furniture; [`roundup`] tells a bundle of news items |
//! | metadata | [`meta`] | page → city and date, with evidence |
//! | page | [`page`] | one document → articles with city and date (normalise, split, metadata) |
//! | segment | [`segment`] | article → terms, interned as ids ([`terms`]) |
//! | vectorise | [`vectorize`] | term bags → TF-IDF rows |
//! | reduce | [`reduce`] | TF-IDF rows → LSA vectors |
//! | cluster | [`cluster`] | vectors → k-means centroids, guided by [`lexicon`]; [`choose_k`] for `--k auto` |
//! | name | [`themes`] | clusters → named themes with distinctive terms |
//! | model | [`model`] | settings checked → fit → the saveable value that assigns new articles; [`content`] and [`scope`] say which terms carry policy and which stories are abroad |
//! | aggregate | [`trends`] | themed articles → theme × city / period shares, diffusion |
//! | result | [`report`] | themed articles, theme summaries, trends and the account of every input |
//! | write | [`output`] | CSV, SVG, HTML, model JSON, terminal summary |
//!
//! [`pipeline`] runs the stages in order, streaming the input in batches
//! (only each article's summary and term bag outlive its batch), and
//! [`progress`] tells the caller how far it has got and how long each stage
//! took. [`shard`] picks the part of the inputs an `assign --shard I/N`
//! reads, and [`merge`] turns shard reports back into one run's result.
//! [`evaluate`] scores the result:
//! [`quality`] rates a fitted model without labels (`--k auto` uses it too),
//! and [`metrics`] holds the measures both rest on, depending on no stage;
//! [`plural`] words the counts every message prints.

pub mod article;
pub mod choose_k;
pub mod cluster;
pub mod content;
pub mod error;
pub mod evaluate;
pub mod lexicon;
pub mod merge;
pub mod meta;
pub mod metrics;
pub mod model;
pub mod normalize;
pub mod output;
pub mod page;
pub mod pipeline;
pub mod plural;
pub mod progress;
pub mod quality;
pub mod read;
pub mod reduce;
pub mod report;
pub mod roundup;
pub mod sample;
pub mod scope;
pub mod segment;
pub mod shard;
pub mod split;
pub mod terms;
pub mod themes;
pub mod trends;
pub mod validate;
pub mod vectorize;
