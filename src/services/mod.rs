//! The API client: one generic request function, one small module per resource.

pub mod catalog;
pub mod request;

pub use request::{ApiClient, Error};
