//! Metadata: the city and date of each article, each with its evidence.
//!
//! Pages are the unit of evidence (one page comes from one newspaper on one
//! day), so metadata is resolved per page and shared by its articles; a
//! JSONL record is its own page, and fields it carries are never overridden.

pub mod check;
pub mod city;
pub mod date;
pub mod gazetteer;
pub mod given;
