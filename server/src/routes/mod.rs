//! Everything the server answers outside the Leptos pages and server functions: the public JSON API
//! (`rest`), open data and feeds (`opendata`), attachment upload and download (`files`), health checks
//! (`health`) and other downloads (`downloads`). The router in `lib.rs` lists them in one table.
pub mod downloads;
pub mod files;
pub mod health;
pub mod opendata;
pub mod rest;
