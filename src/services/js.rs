//! API types to and from the JS values the browser's `JSON.parse`/`JSON.stringify` work with.
//!
//! Why not serde-wasm-bindgen: its errors format serde's messages, which links in float
//! formatting and a message for every type (about 30 KB of wasm before compression), and the
//! widget never shows those messages: a body it cannot read is simply "unexpected". This
//! (de)serializer covers exactly the API's shapes (objects, arrays, strings, numbers, booleans,
//! null) and its error carries no message.

use std::fmt;

use js_sys::{Array, Object, Reflect};
use serde::de::{self, DeserializeOwned, DeserializeSeed, Visitor};
use serde::ser::{self, Impossible, Serialize};
use wasm_bindgen::{JsCast, JsValue};

/// A value that does not have the expected shape (deliberately without details).
#[derive(Debug)]
pub struct Unreadable;

impl fmt::Display for Unreadable {
    fn fmt(&self, _: &mut fmt::Formatter<'_>) -> fmt::Result {
        Ok(())
    }
}

impl std::error::Error for Unreadable {}

impl de::Error for Unreadable {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Unreadable
    }
}

impl ser::Error for Unreadable {
    fn custom<T: fmt::Display>(_: T) -> Self {
        Unreadable
    }
}

/// Reads `T` from a parsed JSON value.
pub fn from_js<T: DeserializeOwned>(value: JsValue) -> Option<T> {
    T::deserialize(Value(value)).ok()
}

/// `value` as JSON text, written by the browser.
pub fn to_json<T: Serialize>(value: &T) -> Option<String> {
    let js = value.serialize(ToJs).ok()?;
    js_sys::JSON::stringify(&js).ok()?.as_string()
}

/// A parsed JSON value being read.
struct Value(JsValue);

// Each method reads only the shape its type expects: every struct and field type gets its own
// copy of these (generics), so a full type switch in each would multiply the code.
impl<'de> de::Deserializer<'de> for Value {
    type Error = Unreadable;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        let v = &self.0;
        if v.as_string().is_some() {
            self.deserialize_string(visitor)
        } else if v.as_bool().is_some() {
            self.deserialize_bool(visitor)
        } else if v.as_f64().is_some() {
            self.deserialize_f64(visitor)
        } else if Array::is_array(v) {
            self.deserialize_seq(visitor)
        } else if v.is_object() {
            self.deserialize_map(visitor)
        } else {
            visitor.visit_unit()
        }
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        visitor.visit_bool(boolean(&self.0)?)
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        visitor.visit_u64(whole(&self.0)?)
    }

    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        visitor.visit_f64(number(&self.0)?)
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        visitor.visit_string(string(&self.0)?)
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        self.deserialize_string(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        self.deserialize_string(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        if absent(&self.0) {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        visitor.visit_seq(items(self.0)?)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        visitor.visit_map(fields(self.0)?)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Unreadable> {
        self.deserialize_map(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _: &'static str,
        visitor: V,
    ) -> Result<V::Value, Unreadable> {
        visitor.visit_newtype_struct(self)
    }

    /// Fields the widget does not know are skipped without being read.
    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Unreadable> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        i8 i16 i32 i64 i128 u128 f32 char bytes byte_buf unit unit_struct tuple tuple_struct enum
    }
}

/// An array's items, in order.
struct Items {
    items: Array,
    next: u32,
}

impl<'de> de::SeqAccess<'de> for Items {
    type Error = Unreadable;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Unreadable> {
        match self.next_item() {
            Some(item) => seed.deserialize(Value(item)).map(Some),
            None => Ok(None),
        }
    }
}

/// An object's fields, in `Object.keys` order.
struct Fields {
    object: JsValue,
    keys: Array,
    next: u32,
    value: JsValue,
}

impl<'de> de::MapAccess<'de> for Fields {
    type Error = Unreadable;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Unreadable> {
        match self.next_key()? {
            Some(key) => seed.deserialize(Value(key)).map(Some),
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(
        &mut self,
        seed: V,
    ) -> Result<V::Value, Unreadable> {
        seed.deserialize(Value(std::mem::replace(
            &mut self.value,
            JsValue::UNDEFINED,
        )))
    }
}

// The shape checks are not generic and never inlined: each struct and field type's reading code
// calls them instead of carrying its own copy.

#[inline(never)]
fn boolean(v: &JsValue) -> Result<bool, Unreadable> {
    v.as_bool().ok_or(Unreadable)
}

#[inline(never)]
fn number(v: &JsValue) -> Result<f64, Unreadable> {
    v.as_f64().ok_or(Unreadable)
}

#[inline(never)]
fn whole(v: &JsValue) -> Result<u64, Unreadable> {
    match v.as_f64() {
        Some(n) if n >= 0.0 && n.fract() == 0.0 && n < 9_007_199_254_740_992.0 => Ok(n as u64),
        _ => Err(Unreadable),
    }
}

#[inline(never)]
fn string(v: &JsValue) -> Result<String, Unreadable> {
    v.as_string().ok_or(Unreadable)
}

#[inline(never)]
fn absent(v: &JsValue) -> bool {
    v.is_null() || v.is_undefined()
}

#[inline(never)]
fn items(v: JsValue) -> Result<Items, Unreadable> {
    if !Array::is_array(&v) {
        return Err(Unreadable);
    }
    Ok(Items {
        items: v.unchecked_into(),
        next: 0,
    })
}

#[inline(never)]
fn fields(v: JsValue) -> Result<Fields, Unreadable> {
    if !v.is_object() || Array::is_array(&v) {
        return Err(Unreadable);
    }
    let keys = Object::keys(v.unchecked_ref::<Object>());
    Ok(Fields {
        object: v,
        keys,
        next: 0,
        value: JsValue::UNDEFINED,
    })
}

impl Items {
    #[inline(never)]
    fn next_item(&mut self) -> Option<JsValue> {
        if self.next >= self.items.length() {
            return None;
        }
        self.next += 1;
        Some(self.items.get(self.next - 1))
    }
}

impl Fields {
    #[inline(never)]
    fn next_key(&mut self) -> Result<Option<JsValue>, Unreadable> {
        if self.next >= self.keys.length() {
            return Ok(None);
        }
        let key = self.keys.get(self.next);
        self.next += 1;
        self.value = Reflect::get(&self.object, &key).map_err(|_| Unreadable)?;
        Ok(Some(key))
    }
}

/// Writes a request body as JS values: structs, strings, numbers, booleans, options.
struct ToJs;

/// A struct being written.
struct JsObject(Object);

impl ser::SerializeStruct for JsObject {
    type Ok = JsValue;
    type Error = Unreadable;

    fn serialize_field<T: ?Sized + Serialize>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Unreadable> {
        let value = value.serialize(ToJs)?;
        Reflect::set(&self.0, &key.into(), &value)
            .map(drop)
            .map_err(|_| Unreadable)
    }

    fn end(self) -> Result<JsValue, Unreadable> {
        Ok(self.0.into())
    }
}

impl ser::Serializer for ToJs {
    type Ok = JsValue;
    type Error = Unreadable;
    type SerializeSeq = Impossible<JsValue, Unreadable>;
    type SerializeTuple = Impossible<JsValue, Unreadable>;
    type SerializeTupleStruct = Impossible<JsValue, Unreadable>;
    type SerializeTupleVariant = Impossible<JsValue, Unreadable>;
    type SerializeMap = Impossible<JsValue, Unreadable>;
    type SerializeStruct = JsObject;
    type SerializeStructVariant = Impossible<JsValue, Unreadable>;

    fn serialize_bool(self, v: bool) -> Result<JsValue, Unreadable> {
        Ok(v.into())
    }
    fn serialize_i8(self, v: i8) -> Result<JsValue, Unreadable> {
        self.serialize_f64(v.into())
    }
    fn serialize_i16(self, v: i16) -> Result<JsValue, Unreadable> {
        self.serialize_f64(v.into())
    }
    fn serialize_i32(self, v: i32) -> Result<JsValue, Unreadable> {
        self.serialize_f64(v.into())
    }
    fn serialize_i64(self, v: i64) -> Result<JsValue, Unreadable> {
        self.serialize_f64(v as f64)
    }
    fn serialize_u8(self, v: u8) -> Result<JsValue, Unreadable> {
        self.serialize_f64(v.into())
    }
    fn serialize_u16(self, v: u16) -> Result<JsValue, Unreadable> {
        self.serialize_f64(v.into())
    }
    fn serialize_u32(self, v: u32) -> Result<JsValue, Unreadable> {
        self.serialize_f64(v.into())
    }
    fn serialize_u64(self, v: u64) -> Result<JsValue, Unreadable> {
        self.serialize_f64(v as f64)
    }
    fn serialize_f32(self, v: f32) -> Result<JsValue, Unreadable> {
        self.serialize_f64(v.into())
    }
    fn serialize_f64(self, v: f64) -> Result<JsValue, Unreadable> {
        Ok(v.into())
    }
    fn serialize_char(self, v: char) -> Result<JsValue, Unreadable> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<JsValue, Unreadable> {
        Ok(v.into())
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<JsValue, Unreadable> {
        Err(Unreadable)
    }
    fn serialize_none(self) -> Result<JsValue, Unreadable> {
        Ok(JsValue::NULL)
    }
    fn serialize_some<T: ?Sized + Serialize>(self, value: &T) -> Result<JsValue, Unreadable> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<JsValue, Unreadable> {
        Ok(JsValue::NULL)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<JsValue, Unreadable> {
        Ok(JsValue::NULL)
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<JsValue, Unreadable> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<JsValue, Unreadable> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<JsValue, Unreadable> {
        Err(Unreadable)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Unreadable> {
        Err(Unreadable)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Unreadable> {
        Err(Unreadable)
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, Unreadable> {
        Err(Unreadable)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, Unreadable> {
        Err(Unreadable)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Unreadable> {
        Err(Unreadable)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<JsObject, Unreadable> {
        Ok(JsObject(Object::new()))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, Unreadable> {
        Err(Unreadable)
    }
}

/// Answers read field by field from the browser's parsed JSON: the same `portal_core` types,
/// without a serde reader per type (each costs about 0.5–1 KB gzip in every bundle that has it).
/// A missing or mistyped field reads as empty.
pub mod read {
    use js_sys::{Array, Reflect};
    use portal_core::api::LocalText;
    use wasm_bindgen::JsValue;

    /// `v[key]`, or `undefined`.
    pub fn get(v: &JsValue, key: &str) -> JsValue {
        Reflect::get(v, &key.into()).unwrap_or(JsValue::UNDEFINED)
    }

    /// The string `v[key]`, or empty.
    pub fn text(v: &JsValue, key: &str) -> String {
        get(v, key).as_string().unwrap_or_default()
    }

    /// The string `v[key]`, if it is one.
    pub fn maybe(v: &JsValue, key: &str) -> Option<String> {
        get(v, key).as_string()
    }

    /// The whole number `v[key]`, or 0.
    pub fn whole(v: &JsValue, key: &str) -> u32 {
        get(v, key)
            .as_f64()
            .filter(|n| *n >= 0.0)
            .map_or(0, |n| n as u32)
    }

    /// An object, when `v` is one.
    pub fn object(v: JsValue) -> Option<JsValue> {
        (v.is_object() && !Array::is_array(&v)).then_some(v)
    }

    /// A `{en, es?}` text, when `v` has its English.
    pub fn local(v: &JsValue) -> Option<LocalText> {
        Some(LocalText {
            en: maybe(v, "en")?,
            es: maybe(v, "es"),
        })
    }

    /// The items of an array, or none.
    pub fn list(v: &JsValue) -> Vec<JsValue> {
        if Array::is_array(v) {
            Array::from(v).iter().collect()
        } else {
            Vec::new()
        }
    }

    /// An open time.
    pub fn slot(v: &JsValue) -> portal_core::api::OpenSlot {
        portal_core::api::OpenSlot {
            start: text(v, "start"),
            end: text(v, "end"),
            provider: text(v, "provider"),
            location: text(v, "location"),
        }
    }

    /// The strings of the array `v[key]`.
    pub fn strings(v: &JsValue, key: &str) -> Vec<String> {
        list(&get(v, key))
            .iter()
            .filter_map(JsValue::as_string)
            .collect()
    }
}
