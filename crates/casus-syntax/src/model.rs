//! The model file: a tagger and a parser in one little-endian byte string.
//!
//! Layout: the magic `CASUSYN` and the format's version as one ASCII digit
//! (now `2`); a note (u32 length, UTF-8: the treebank
//! and its commit); the relation names (u32 count, each u8 length and
//! bytes); the tags (u32 count, each u8 universal tag index, u8 length and
//! treebank tag bytes); the ambiguity classes (u32 count, each u64 key and
//! u32 bit set of universal tags); the tag dictionary (u32 count, each u64 key and u8 tag); then the
//! tagger's, the moves' and the relations' weights, each as u16 classes,
//! f32 scale, u32 rows, and per row its u64 key, u8 entry count and entries
//! of u8 class and i16 weight (times the scale); last, a u64 checksum of
//! every byte before it ([`checksum`]), so that a damaged file is told
//! from a model.

use crate::parser::Parser;
use crate::tagger::Tagger;
use crate::upos::Upos;
use crate::weights::{Builder, Weights};
use crate::Error;

const MAGIC: &[u8; 7] = b"CASUSYN";

/// The format this build writes and reads.
const VERSION: u8 = b'2';

/// A checksum of `bytes`: each little-endian 8-byte word (the last padded
/// with zeros) mixed in by a multiply and a shift. Not a defence against
/// anyone, but no damage or truncation a disk or a copy makes passes it.
pub(crate) fn checksum(bytes: &[u8]) -> u64 {
    let mut h = 0x243F_6A88_85A3_08D3u64 ^ bytes.len() as u64;
    for chunk in bytes.chunks(8) {
        let mut w = [0u8; 8];
        w[..chunk.len()].copy_from_slice(chunk);
        h = (h ^ u64::from_le_bytes(w)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        h ^= h >> 29;
    }
    h
}

/// Checks that `bytes` are a model of this format, whole: the magic, the
/// version and the checksum, without reading the tables.
pub(crate) fn check(bytes: &[u8]) -> Result<(), Error> {
    let fail = |byte: usize, why: String| Error::Model { byte, why };
    if bytes.get(..7) != Some(&MAGIC[..]) {
        let why = "not a casus syntax model (its first bytes are not CASUSYN)";
        return Err(fail(0, why.into()));
    }
    match bytes.get(7) {
        Some(&VERSION) => {}
        Some(&v) if v.is_ascii_digit() => {
            let why = format!(
                "format version {}, and this casus reads version {} (retrain it with tools/train_syntax)",
                v as char, VERSION as char
            );
            return Err(fail(7, why));
        }
        _ => return Err(fail(7, "no format version after CASUSYN".into())),
    }
    let Some(body) = bytes.len().checked_sub(8).filter(|&b| b >= 8) else {
        return Err(fail(bytes.len(), "the model ends early".into()));
    };
    let (head, tail) = bytes.split_at(body);
    let mut sum = [0u8; 8];
    sum.copy_from_slice(tail);
    if u64::from_le_bytes(sum) == checksum(head) {
        Ok(())
    } else {
        let why = "its checksum does not match its contents: the file is damaged or cut short";
        Err(fail(body, why.into()))
    }
}

/// Writes the parts of a model.
pub(crate) fn encode(note: &str, tagger: &Tagger, parser: &Parser) -> Vec<u8> {
    let mut out = MAGIC.to_vec();
    out.push(VERSION);
    put_u32(&mut out, note.len() as u32);
    out.extend_from_slice(note.as_bytes());
    put_u32(&mut out, parser.names.len() as u32);
    for n in &parser.names {
        out.push(n.len() as u8);
        out.extend_from_slice(n.as_bytes());
    }
    put_u32(&mut out, tagger.tagset.len() as u32);
    for (u, x) in &tagger.tagset {
        out.push(u.index() as u8);
        out.push(x.len() as u8);
        out.extend_from_slice(x.as_bytes());
    }
    let mut ambig: Vec<(u64, u32)> = tagger.ambig.iter().map(|(&k, &c)| (k, c)).collect();
    ambig.sort_unstable();
    put_u32(&mut out, ambig.len() as u32);
    for (k, c) in ambig {
        out.extend_from_slice(&k.to_le_bytes());
        put_u32(&mut out, c);
    }
    let mut dict: Vec<(u64, u8)> = tagger.dict.iter().map(|(&k, &t)| (k, t)).collect();
    dict.sort_unstable();
    put_u32(&mut out, dict.len() as u32);
    for (k, t) in dict {
        out.extend_from_slice(&k.to_le_bytes());
        out.push(t);
    }
    for w in [&tagger.weights, &parser.moves, &parser.labels] {
        put_weights(&mut out, w);
    }
    let sum = checksum(&out);
    out.extend_from_slice(&sum.to_le_bytes());
    out
}

fn put_u32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put_weights(out: &mut Vec<u8>, w: &Weights) {
    out.extend_from_slice(&(w.classes() as u16).to_le_bytes());
    out.extend_from_slice(&w.scale().to_le_bytes());
    put_u32(out, w.len() as u32);
    for k in w.keys_in_table_order() {
        let entries = w.row(k);
        out.extend_from_slice(&k.to_le_bytes());
        out.push(entries.len() as u8);
        for (c, q) in entries {
            out.push(c);
            out.extend_from_slice(&q.to_le_bytes());
        }
    }
}

/// Reads a model's parts back.
pub(crate) fn decode(bytes: &[u8]) -> Result<(String, Tagger, Parser), Error> {
    check(bytes)?;
    let bytes = &bytes[..bytes.len() - 8];
    let mut r = Reader { bytes, at: 8 };
    let len = r.u32()? as usize;
    let note = String::from_utf8_lossy(r.take(len)?).into_owned();
    let mut names = Vec::new();
    for _ in 0..r.u32()? {
        let len = r.u8()? as usize;
        names.push(String::from_utf8_lossy(r.take(len)?).into_owned());
    }
    let mut tagger = Tagger::default();
    for _ in 0..r.u32()? {
        let u = Upos::from_index(r.u8()? as usize);
        let len = r.u8()? as usize;
        tagger
            .tagset
            .push((u, String::from_utf8_lossy(r.take(len)?).into_owned()));
    }
    for _ in 0..r.u32()? {
        let k = r.u64()?;
        tagger.ambig.insert(k, r.u32()?);
    }
    for _ in 0..r.u32()? {
        let k = r.u64()?;
        tagger.dict.insert(k, r.u8()?);
    }
    tagger.weights = r.weights()?;
    let moves = r.weights()?;
    let labels = r.weights()?;
    if r.at != bytes.len() {
        return Err(r.error("bytes left after the last table"));
    }
    Ok((
        note,
        tagger,
        Parser {
            moves,
            labels,
            names,
        },
    ))
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn error(&self, why: &str) -> Error {
        Error::Model {
            byte: self.at,
            why: why.to_string(),
        }
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8], Error> {
        let out = self
            .bytes
            .get(self.at..self.at + n)
            .ok_or_else(|| self.error("the model ends early"))?;
        self.at += n;
        Ok(out)
    }

    fn u8(&mut self) -> Result<u8, Error> {
        Ok(self.take(1)?[0])
    }

    fn u32(&mut self) -> Result<u32, Error> {
        let b = self.take(4)?;
        Ok(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn u64(&mut self) -> Result<u64, Error> {
        let mut a = [0u8; 8];
        a.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(a))
    }

    fn weights(&mut self) -> Result<Weights, Error> {
        let b = self.take(2)?;
        let classes = u16::from_le_bytes([b[0], b[1]]) as usize;
        let x = self.take(4)?;
        let scale = f32::from_le_bytes([x[0], x[1], x[2], x[3]]);
        let n = self.u32()? as usize;
        let mut b = Builder::new(classes, scale, n.min(self.bytes.len() / 9));
        let mut entries = Vec::new();
        for _ in 0..n {
            let k = self.u64()?;
            let count = self.u8()? as usize;
            entries.clear();
            for _ in 0..count {
                let e = self.take(3)?;
                entries.push((e[0], i16::from_le_bytes([e[1], e[2]])));
            }
            b.push(k, &entries);
        }
        Ok(b.finish())
    }
}
