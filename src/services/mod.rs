//! The API client: one generic request function, one small module per resource.

pub mod appointments;
pub mod availability;
pub mod catalog;
pub mod js;
pub mod request;

pub use request::{ApiClient, Error};
