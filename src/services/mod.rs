//! The API client: one generic request function, one small module per resource.

#[cfg(feature = "booking")]
pub mod appointments;
#[cfg(feature = "booking")]
pub mod availability;
pub mod catalog;
pub mod js;
#[cfg(feature = "instructions")]
pub mod packets;
pub mod request;

pub use request::{ApiClient, Error};
