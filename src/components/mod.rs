//! Pieces shared by the widget's views: plain functions returning `Html` where no state is
//! needed (fewer component types keep the widget small), components where it is.

pub mod alert;
pub mod calendar;
pub mod choice;
pub mod error_summary;
pub mod field;
pub mod phone;
