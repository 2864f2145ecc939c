//! The top-level keys a value writes, in order, found without writing it: where a field's line
//! is in a canonical text whose key lines the fast reader kept ([`super::read::KeyLines`]).

use serde::Serialize;
use serde::ser::{self, Impossible};

/// Where `key` is among the top-level fields `value` writes, and how many it writes: (its index,
/// or None when it writes no such field, and the number of fields). None when `value` is not
/// written as a struct of named fields (a map, a list, a scalar), whose keys are not told apart
/// here.
pub fn field_index<T: Serialize + ?Sized>(value: &T, key: &str) -> Option<(Option<usize>, usize)> {
    let mut fields = Fields {
        key,
        index: None,
        count: 0,
    };
    value.serialize(&mut fields).ok()?;
    Some((fields.index, fields.count))
}

/// Counts a struct's fields as [`super::write`] writes them: one key each for every field
/// serialized (a skipped field writes none), each in the order given.
struct Fields<'k> {
    key: &'k str,
    index: Option<usize>,
    count: usize,
}

/// Not a struct of named fields.
#[derive(Debug)]
struct NotFields;

impl std::fmt::Display for NotFields {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("not a struct of named fields")
    }
}

impl std::error::Error for NotFields {}

impl ser::Error for NotFields {
    fn custom<T: std::fmt::Display>(_: T) -> Self {
        NotFields
    }
}

type Result<T = (), E = NotFields> = std::result::Result<T, E>;

impl ser::SerializeStruct for &mut Fields<'_> {
    type Ok = ();
    type Error = NotFields;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, _: &T) -> Result {
        if key == self.key && self.index.is_none() {
            self.index = Some(self.count);
        }
        self.count += 1;
        Ok(())
    }
    fn end(self) -> Result {
        Ok(())
    }
}

impl<'a, 'k> ser::Serializer for &'a mut Fields<'k> {
    type Ok = ();
    type Error = NotFields;
    type SerializeSeq = Impossible<(), NotFields>;
    type SerializeTuple = Impossible<(), NotFields>;
    type SerializeTupleStruct = Impossible<(), NotFields>;
    type SerializeTupleVariant = Impossible<(), NotFields>;
    type SerializeMap = Impossible<(), NotFields>;
    type SerializeStruct = &'a mut Fields<'k>;
    type SerializeStructVariant = Impossible<(), NotFields>;

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct> {
        Ok(self)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(self, _: &'static str, value: &T) -> Result {
        value.serialize(self)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result {
        value.serialize(self)
    }

    fn serialize_bool(self, _: bool) -> Result {
        Err(NotFields)
    }
    fn serialize_i8(self, _: i8) -> Result {
        Err(NotFields)
    }
    fn serialize_i16(self, _: i16) -> Result {
        Err(NotFields)
    }
    fn serialize_i32(self, _: i32) -> Result {
        Err(NotFields)
    }
    fn serialize_i64(self, _: i64) -> Result {
        Err(NotFields)
    }
    fn serialize_u8(self, _: u8) -> Result {
        Err(NotFields)
    }
    fn serialize_u16(self, _: u16) -> Result {
        Err(NotFields)
    }
    fn serialize_u32(self, _: u32) -> Result {
        Err(NotFields)
    }
    fn serialize_u64(self, _: u64) -> Result {
        Err(NotFields)
    }
    fn serialize_f32(self, _: f32) -> Result {
        Err(NotFields)
    }
    fn serialize_f64(self, _: f64) -> Result {
        Err(NotFields)
    }
    fn serialize_char(self, _: char) -> Result {
        Err(NotFields)
    }
    fn serialize_str(self, _: &str) -> Result {
        Err(NotFields)
    }
    fn serialize_bytes(self, _: &[u8]) -> Result {
        Err(NotFields)
    }
    fn serialize_none(self) -> Result {
        Err(NotFields)
    }
    fn serialize_unit(self) -> Result {
        Err(NotFields)
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result {
        Err(NotFields)
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> Result {
        Err(NotFields)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result {
        Err(NotFields)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq> {
        Err(NotFields)
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple> {
        Err(NotFields)
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct> {
        Err(NotFields)
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant> {
        Err(NotFields)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap> {
        Err(NotFields)
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant> {
        Err(NotFields)
    }
}
