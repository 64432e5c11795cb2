//! The API client: one generic request function, one small module per resource.

#[cfg(any(feature = "booking", feature = "manage"))]
pub mod appointments;
#[cfg(any(feature = "booking", feature = "manage"))]
pub mod availability;
pub mod catalog;
#[cfg(any(feature = "booking", feature = "after-visit"))]
pub mod feedback;
#[cfg(feature = "instructions")]
pub mod packets;
pub mod request;

pub use request::{ApiClient, Error};

/// A URL component, percent-encoded by the browser.
pub fn encode(value: &str) -> String {
    js_sys::encode_uri_component(value).into()
}
