//! Errors the library reports. Each names the input or resource at fault so
//! a user can act on the message without reading code.

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: {message}")]
    Input { path: PathBuf, message: String },
    #[error("{path}, line {line}: {message}")]
    Data {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("built-in resource failed to load: {0}")]
    Resource(String),
    #[error("no input: {0}")]
    NoInput(String),
    #[error("invalid setting: {0}")]
    Settings(String),
    #[error("clustering failed: {0}")]
    Cluster(String),
    #[error("scoring the themes failed: {0}")]
    Quality(String),
    #[error("cannot write {path}: {message}")]
    Output { path: PathBuf, message: String },
    /// A saved model that is corrupt or does not fit together.
    #[error(transparent)]
    Model(#[from] ModelError),
}

pub type Result<T> = std::result::Result<T, Error>;

/// Why a saved model cannot be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The text is not JSON of a model's shape.
    #[error("not a policy-themes model: {0}")]
    NotAModel(serde_json::Error),
    /// Its parts do not fit together, so assigning with it would index out
    /// of bounds.
    #[error("not a consistent policy-themes model: {what} is {found}, expected {expected}")]
    Inconsistent {
        what: &'static str,
        found: usize,
        expected: usize,
    },
}
