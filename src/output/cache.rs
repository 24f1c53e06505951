//! The build cache, `.newsgen/cache/<key>/` in the site folder (never in the
//! output): every article as it was parsed, its metadata in index shards
//! and its body in one pack file. A build parses only the seed files that
//! changed, and holds only metadata in memory: a body is read back from the
//! pack when its page (or a full-text feed) is rendered, so memory does not
//! grow with the total size of the bodies.
//!
//! The key hashes everything parsing depends on besides the file itself (the
//! configuration and the newsgen binary): changing either starts a new cache.
//! A file is taken from the cache when its size and modification time are as
//! recorded (and the record is older than the file by a safe margin), or else
//! when its bytes hash the same. Nothing is trusted blindly: a shard that
//! does not decode is dropped (its articles are parsed again), and a body
//! whose checksum does not match is parsed again from its file.

use rustc_hash::FxHashMap;
use std::fs::{self, File};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::SystemTime;

use rayon::prelude::*;

use crate::article::{Article, BodyRef, KeptBody, Section};
use crate::file_time::nanos;
use crate::ingest::ParseCache;

/// Bump when the cached data or its meaning changes.
const FORMAT: &[u8] = b"newsgen-cache 6";
const SHARDS: usize = 64;
/// A file modified this close to when it was recorded may have changed again
/// within the same timestamp: its bytes are hashed instead.
const RACY_NANOS: u128 = 2_000_000_000;
/// The pack is dropped (and rebuilt by the next full parse) once it holds
/// this many times more bytes than the live bodies, and at least
/// `PACK_SLACK` bytes of garbage.
const PACK_GARBAGE_RATIO: u64 = 3;
const PACK_SLACK: u64 = 64 << 20;

/// One seed file as last parsed.
#[derive(serde::Serialize, serde::Deserialize)]
struct Record {
    /// When the record was made, to spot racy modification times.
    checked: u128,
    seed: SeedStamp,
    article: Article,
}

/// A seed file as the cache read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct SeedStamp {
    size: u64,
    /// Nanoseconds since the Unix epoch.
    modified: u128,
    /// Parsed without warnings, so the next build may take it as it is.
    reusable: bool,
}

/// A previous record, its article taken once its file is found unchanged
/// (its stamp stays, for saving the shard again).
struct Slot {
    checked: u128,
    seed: SeedStamp,
    article: Option<Article>,
}

pub struct Cache {
    dir: PathBuf,
    /// The previous build's records, as their shards held them; each is
    /// taken when its file is found unchanged.
    previous: Index,
    /// None when no folder at all could hold it: bodies stay in memory.
    pack: Option<File>,
    pack_end: AtomicU64,
    /// Set when anything in the cache proved unreadable.
    damaged: AtomicBool,
    /// Shards with a new or changed record.
    dirty: Vec<AtomicBool>,
    /// Each shard's seed files stamped anew in this build (parsed, or found
    /// unchanged by their bytes), by source id.
    stamped: Vec<Mutex<FxHashMap<u64, SeedStamp>>>,
    /// Articles taken from the cache in this build.
    hits: AtomicUsize,
    /// Held while articles are read and the cache saved; a second build on
    /// the same site at that time gets a private cache instead.
    lock: Mutex<Option<File>>,
    private: bool,
    started: u128,
}

impl Cache {
    /// The cache for `key` in the site folder `root`. Without a usable
    /// `.newsgen/` (read-only, or another build holds it), the build runs
    /// with a private cache in the system's temporary folder, removed after.
    pub fn open(root: &Path, key: &[u8; 32]) -> Cache {
        let started = nanos(SystemTime::now());
        let base = root.join(".newsgen").join("cache");
        let name = blake3::Hash::from_bytes(*key).to_hex()[..16].to_string();
        let shared = base.join(&name);
        if let Ok(cache) = Cache::open_dir(&shared, true, started) {
            remove_other_caches(&base, &name);
            return cache;
        }
        let private =
            std::env::temp_dir().join(format!("newsgen-cache-{name}-{}", std::process::id()));
        Cache::open_dir(&private, false, started).unwrap_or_else(|_| Cache {
            dir: private,
            previous: Index::default(),
            pack: None,
            pack_end: AtomicU64::new(0),
            damaged: AtomicBool::new(false),
            dirty: (0..SHARDS).map(|_| AtomicBool::new(false)).collect(),
            stamped: (0..SHARDS).map(|_| Mutex::default()).collect(),
            hits: Default::default(),
            lock: Mutex::new(None),
            private: true,
            started,
        })
    }

    fn open_dir(dir: &Path, shared: bool, started: u128) -> std::io::Result<Cache> {
        fs::create_dir_all(dir)?;
        let lock = if shared {
            let file = File::create(dir.join("lock"))?;
            use rustix::fs::{FlockOperation, flock};
            flock(&file, FlockOperation::NonBlockingLockExclusive)?;
            Some(file)
        } else {
            None
        };
        let pack_path = dir.join("bodies");
        let mut previous = if shared {
            read_index(dir)
        } else {
            Index::default()
        };
        let pack_len = fs::metadata(&pack_path).map_or(0, |m| m.len());
        let live: u64 = previous
            .articles()
            .filter_map(|article| article.kept.map(|kept| u64::from(kept.at.len)))
            .sum();
        let too_much_garbage = pack_len > live * PACK_GARBAGE_RATIO && pack_len - live > PACK_SLACK;
        let pack = if too_much_garbage || previous.is_empty() {
            previous.clear();
            let _ = clear_index(dir);
            File::options()
                .read(true)
                .write(true)
                .create(true)
                .truncate(true)
                .open(&pack_path)?
        } else {
            File::options().read(true).write(true).open(&pack_path)?
        };
        let pack_end = pack.metadata()?.len();
        Ok(Cache {
            dir: dir.to_path_buf(),
            previous,
            pack: Some(pack),
            pack_end: AtomicU64::new(pack_end),
            damaged: AtomicBool::new(false),
            dirty: (0..SHARDS).map(|_| AtomicBool::new(false)).collect(),
            stamped: (0..SHARDS).map(|_| Mutex::default()).collect(),
            hits: Default::default(),
            lock: Mutex::new(lock),
            private: !shared,
            started,
        })
    }

    /// How many articles this build took from the cache, unparsed.
    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::Relaxed)
    }

    /// The body of an article read in this build, from the pack. `None` if
    /// the pack does not hold it intact (the cache is then marked damaged,
    /// and cleared when the build saves it).
    pub fn body(&self, article: &Article) -> Option<Vec<Section>> {
        let at = article.kept?.at;
        let pack = self.pack.as_ref()?;
        let mut bytes = vec![0; at.len as usize];
        let intact =
            read_exact_at(pack, &mut bytes, at.offset).is_ok() && check(&bytes) == at.check;
        let sections = intact.then(|| postcard::from_bytes(&bytes).ok()).flatten();
        if sections.is_none() && !self.damaged.swap(true, Ordering::Relaxed) {
            // Start afresh next time.
            let _ = clear_index(&self.dir);
        }
        sections
    }

    /// Saves the records of this build's articles (as parsed, before
    /// tagging): only the shards whose articles changed are written. A
    /// cache found damaged is cleared instead, so the next build starts
    /// afresh.
    pub fn save(&self, articles: &[Article]) {
        // Only reading bodies is left, which needs no lock: another build
        // may use the cache from now on.
        let _lock = self
            .lock
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .take();
        if self.private {
            return;
        }
        if self.damaged.load(Ordering::Relaxed) {
            let _ = clear_index(&self.dir);
            return;
        }
        let shard_ids: Vec<usize> = articles
            .par_iter()
            .map(|article| shard_of(&article.source))
            .collect();
        let mut shards: Vec<Vec<&Article>> = vec![Vec::new(); SHARDS];
        for (article, &shard) in articles.iter().zip(&shard_ids) {
            if article.kept.is_some() {
                shards[shard].push(article);
            }
        }
        shards.par_iter().enumerate().for_each(|(index, shard)| {
            let same_sources = Some(&sources_signature(shard.iter().map(|a| a.source.as_path())))
                == self.previous.sources.get(index);
            if same_sources && !self.dirty[index].load(Ordering::Relaxed) {
                return;
            }
            let stamped = self.stamped[index]
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            let records: Vec<Record> = shard
                .iter()
                .filter_map(|article| {
                    let id = crate::article::source_id(&article.source);
                    let seed = stamped
                        .get(&id)
                        .copied()
                        .or_else(|| self.previous.seed(id))?;
                    Some(Record {
                        checked: self.started,
                        seed,
                        article: (*article).clone(),
                    })
                })
                .collect();
            if write_shard(&self.dir, index, &records).is_err() {
                // The shard is gone or stale: its articles are parsed again.
                let _ = fs::remove_file(shard_path(&self.dir, index));
            }
        });
    }

    /// A value kept with [`Cache::keep`] under `name`, if it is there
    /// intact, of the `format` asked for, and decodes.
    pub(crate) fn kept<T: serde::de::DeserializeOwned>(
        &self,
        name: &str,
        format: &[u8],
    ) -> Option<T> {
        read_checked(&self.dir.join(name), format)
    }

    /// Keeps `value` under `name` for the next build, checksummed and
    /// marked with its `format`: what the orchestrator keeps between builds
    /// besides articles (related stories). Another build may write the same
    /// file: each writes its own temporary file and renames it into place.
    pub(crate) fn keep(&self, name: &str, format: &[u8], value: &impl serde::Serialize) {
        if !self.private {
            let _ = write_checked(&self.dir.join(name), format, value);
        }
    }

    /// Records how a seed file was read in this build.
    fn stamp(&self, source: &Path, seed: SeedStamp) {
        let id = crate::article::source_id(source);
        let shard = (id % SHARDS as u64) as usize;
        self.stamped[shard]
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .insert(id, seed);
        self.dirty[shard].store(true, Ordering::Relaxed);
    }
}

impl ParseCache for Cache {
    /// The cached article for the seed file `source` (as shown in messages)
    /// of `size` bytes modified at `modified`, if it is unchanged. `bytes`,
    /// when given, are compared by hash; without them only size and time.
    fn lookup(
        &self,
        source: &Path,
        size: u64,
        modified: u128,
        bytes: Option<&[u8]>,
    ) -> Option<Article> {
        let (shard, position) = self.previous.find(source)?;
        let mut slots = self.previous.shards[shard]
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let slot = &mut slots[position];
        let article = slot.article.as_ref().filter(|a| a.source == source)?;
        let kept = article.kept?;
        let seed = slot.seed;
        let same = seed.reusable
            && seed.size == size
            && match bytes {
                None => seed.modified == modified && slot.checked > modified + RACY_NANOS,
                Some(bytes) => kept.source_hash == *blake3::hash(bytes).as_bytes(),
            };
        if !same {
            return None;
        }
        let article = slot.article.take()?;
        drop(slots);
        if bytes.is_some() {
            // Same bytes, new time: record the time.
            self.stamp(source, SeedStamp { modified, ..seed });
        }
        self.hits.fetch_add(1, Ordering::Relaxed);
        Some(article)
    }

    /// Moves the body of a freshly parsed article into the pack and records
    /// the file it came from.
    fn store(
        &self,
        article: &mut Article,
        size: u64,
        modified: u128,
        bytes: &[u8],
        reusable: bool,
    ) {
        let Some(pack) = self.pack.as_ref() else {
            return;
        };
        let Ok(body) = postcard::to_stdvec(&article.sections) else {
            return;
        };
        let Ok(len) = u32::try_from(body.len()) else {
            return;
        };
        let offset = self
            .pack_end
            .fetch_add(body.len() as u64, Ordering::Relaxed);
        if write_all_at(pack, &body, offset).is_err() {
            // Not kept: the body stays in memory.
            return;
        }
        article.kept = Some(KeptBody {
            source_hash: *blake3::hash(bytes).as_bytes(),
            at: BodyRef {
                offset,
                len,
                check: check(&body),
            },
        });
        article.sections = Vec::new();
        let seed = SeedStamp {
            size,
            modified,
            reusable,
        };
        self.stamp(&article.source, seed);
    }
}

impl Drop for Cache {
    fn drop(&mut self) {
        if self.private {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

fn shard_of(source: &Path) -> usize {
    (crate::article::source_id(source) % SHARDS as u64) as usize
}

fn shard_path(dir: &Path, index: usize) -> PathBuf {
    dir.join(format!("index-{index:02}"))
}

fn check(bytes: &[u8]) -> u64 {
    let hash = blake3::hash(bytes);
    let mut first = [0u8; 8];
    first.copy_from_slice(&hash.as_bytes()[..8]);
    u64::from_le_bytes(first)
}

/// The previous build's records: each shard's as read, and where each
/// source is among them.
#[derive(Default)]
struct Index {
    shards: Vec<Mutex<Vec<Slot>>>,
    /// A hash of each source -> (shard, position). Two sources that hash
    /// alike keep only the first: the other is parsed again.
    positions: FxHashMap<u64, (usize, usize)>,
    /// Each shard's sources as read, hashed (see `sources_signature`), to
    /// know whether a shard must be written again.
    sources: Vec<[u8; 32]>,
}

impl Index {
    fn find(&self, source: &Path) -> Option<(usize, usize)> {
        self.positions
            .get(&crate::article::source_id(source))
            .copied()
    }

    /// How the previous build read the seed file with this source id.
    fn seed(&self, id: u64) -> Option<SeedStamp> {
        let &(shard, position) = self.positions.get(&id)?;
        let slots = self.shards[shard]
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        Some(slots[position].seed)
    }

    /// The articles not yet taken (all of them, before the build reads).
    fn articles(&mut self) -> impl Iterator<Item = &Article> {
        self.shards.iter_mut().flat_map(|shard| {
            shard
                .get_mut()
                .map(|slots| slots.iter().filter_map(|slot| slot.article.as_ref()))
                .into_iter()
                .flatten()
        })
    }

    fn is_empty(&self) -> bool {
        self.positions.is_empty()
    }

    fn clear(&mut self) {
        *self = Index::default();
    }
}

/// A hash of a shard's list of sources, in order.
fn sources_signature<'a>(sources: impl Iterator<Item = &'a Path>) -> [u8; 32] {
    // Gathered, then hashed at once: far faster than a hasher update for
    // each of thousands of short paths.
    let mut all = Vec::with_capacity(1 << 16);
    for source in sources {
        let bytes = source.as_os_str().as_encoded_bytes();
        all.extend_from_slice(&(bytes.len() as u64).to_le_bytes());
        all.extend_from_slice(bytes);
    }
    *blake3::hash(&all).as_bytes()
}

/// Every shard that reads back intact (format, checksum, decoding); the
/// rest are as if empty.
fn read_index(dir: &Path) -> Index {
    let (shards, sources): (Vec<Vec<Record>>, Vec<[u8; 32]>) = (0..SHARDS)
        .into_par_iter()
        .map(|index| {
            let mut records = read_shard(&shard_path(dir, index)).unwrap_or_default();
            // A record in the wrong shard means a foreign or mixed-up file.
            records.retain(|record| shard_of(&record.article.source) == index);
            let signature = sources_signature(records.iter().map(|r| r.article.source.as_path()));
            (records, signature)
        })
        .unzip();
    let total = shards.iter().map(Vec::len).sum();
    let mut positions = FxHashMap::with_capacity_and_hasher(total, Default::default());
    for (index, shard) in shards.iter().enumerate() {
        for (position, record) in shard.iter().enumerate() {
            positions
                .entry(crate::article::source_id(&record.article.source))
                .or_insert((index, position));
        }
    }
    Index {
        shards: shards
            .into_iter()
            .map(|shard| {
                let slots = shard.into_iter().map(|record| Slot {
                    checked: record.checked,
                    seed: record.seed,
                    article: Some(record.article),
                });
                Mutex::new(slots.collect())
            })
            .collect(),
        positions,
        sources,
    }
}

fn read_shard(path: &Path) -> Option<Vec<Record>> {
    read_checked(path, FORMAT)
}

fn write_shard(dir: &Path, index: usize, records: &[Record]) -> std::io::Result<()> {
    write_checked(&shard_path(dir, index), FORMAT, &records)
}

/// The value in a checked file: `format`, the blake3 hash of the payload,
/// the payload (postcard). `None` unless the file is there, of that format,
/// intact, and decodes.
fn read_checked<T: serde::de::DeserializeOwned>(path: &Path, format: &[u8]) -> Option<T> {
    let bytes = fs::read(path).ok()?;
    let rest = bytes.strip_prefix(format)?;
    let (hash, payload) = rest.split_at_checked(32)?;
    if blake3::hash(payload).as_bytes() != hash {
        return None;
    }
    postcard::from_bytes(payload).ok()
}

/// Writes a checked file (see [`read_checked`]) through a temporary file of
/// this process, renamed into place, so a reader never sees half of it.
fn write_checked(path: &Path, format: &[u8], value: &impl serde::Serialize) -> std::io::Result<()> {
    let payload = postcard::to_stdvec(value).map_err(std::io::Error::other)?;
    let temporary = path.with_extension(format!("tmp-{}", std::process::id()));
    // Created afresh: a link left at the temporary path is replaced, never
    // written through.
    let written = super::manifest::create_temporary(&temporary).and_then(|mut file| {
        file.write_all(format)?;
        file.write_all(blake3::hash(&payload).as_bytes())?;
        file.write_all(&payload)
    });
    let renamed = written.and_then(|()| fs::rename(&temporary, path));
    if renamed.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    renamed
}

fn clear_index(dir: &Path) -> std::io::Result<()> {
    for index in 0..SHARDS {
        match fs::remove_file(shard_path(dir, index)) {
            Err(err) if err.kind() != std::io::ErrorKind::NotFound => return Err(err),
            _ => {}
        }
    }
    Ok(())
}

/// Caches made for another configuration or newsgen binary, unless another
/// build is using them.
fn remove_other_caches(base: &Path, keep: &str) {
    let Ok(entries) = fs::read_dir(base) else {
        return;
    };
    for entry in entries.flatten() {
        if entry.file_name().to_string_lossy() == keep {
            continue;
        }
        let dir = entry.path();
        let idle = File::open(dir.join("lock")).is_ok_and(|file| {
            use rustix::fs::{FlockOperation, flock};
            flock(&file, FlockOperation::NonBlockingLockExclusive).is_ok()
        });
        if idle {
            let _ = fs::remove_dir_all(&dir);
        }
    }
}

fn write_all_at(file: &File, bytes: &[u8], offset: u64) -> std::io::Result<()> {
    use std::os::unix::fs::FileExt;
    file.write_all_at(bytes, offset)
}

fn read_exact_at(file: &File, bytes: &mut [u8], offset: u64) -> std::io::Result<()> {
    use std::os::unix::fs::FileExt;
    file.read_exact_at(bytes, offset)
}
