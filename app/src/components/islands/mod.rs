//! The only code that runs in the browser. Each island works on top of a server-rendered form that
//! is complete without it.
mod authors;
mod autosave;
#[cfg(feature = "hydrate")]
mod common;
mod export;
mod format;
mod print;
mod score;
mod search;
mod upload;

pub use authors::*;
pub use autosave::*;
pub use export::*;
pub use format::*;
pub use print::*;
pub use score::*;
pub use search::*;
pub use upload::*;
