//! Where tantivy keeps one generation of the index: a directory of files, memory-mapped to read.
//!
//! tantivy's own `MmapDirectory` comes with its `mmap` feature, which also builds `tempfile` and a
//! polling watcher thread into the server. This one does the same work with the standard library:
//! - files are written once (`open_write`), mapped to read (`get_file_handle`), and deleted when no
//!   segment uses them; tantivy never changes a written file, which is what makes mapping sound;
//! - `meta.json` is replaced atomically (written beside, flushed, renamed over), and the readers of
//!   this process are told at once: only this process writes here (it holds `owner.lock`), so there
//!   is nothing to poll for;
//! - tantivy's locks are operating-system file locks, released by a crash like the owner lock.
use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tantivy::directory::error::{DeleteError, LockError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    AntiCallToken, Directory, DirectoryLock, FileHandle, Lock, OwnedBytes, TerminatingWrite,
    WatchCallback, WatchCallbackList, WatchHandle, WritePtr,
};

/// The file whose replacement makes a commit visible.
const META: &str = "meta.json";

/// One generation's directory. Cheap to clone: clones share the watchers.
#[derive(Clone)]
pub(super) struct FsDirectory {
    root: PathBuf,
    watchers: Arc<WatchCallbackList>,
}

impl std::fmt::Debug for FsDirectory {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FsDirectory({})", self.root.display())
    }
}

impl FsDirectory {
    /// The existing directory `root`.
    pub(super) fn open(root: &Path) -> io::Result<FsDirectory> {
        if !root.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!("{} is not a directory", root.display()),
            ));
        }
        Ok(FsDirectory {
            root: root.to_path_buf(),
            watchers: Arc::default(),
        })
    }

    fn path(&self, relative: &Path) -> PathBuf {
        self.root.join(relative)
    }
}

fn read_error(e: io::Error, path: &Path) -> OpenReadError {
    if e.kind() == io::ErrorKind::NotFound {
        OpenReadError::FileDoesNotExist(path.to_path_buf())
    } else {
        OpenReadError::wrap_io_error(e, path.to_path_buf())
    }
}

/// A file being written: flushed and made durable when tantivy terminates it.
struct DurableFile(File);

impl Write for DurableFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.0.write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        // Durability is the terminate step's work; a flush of the buffer above needs nothing here.
        Ok(())
    }
}

impl TerminatingWrite for DurableFile {
    fn terminate_ref(&mut self, _: AntiCallToken) -> io::Result<()> {
        self.0.flush()?;
        self.0.sync_data()
    }
}

/// A held lock file: the lock goes with the open file.
struct HeldLock(#[allow(dead_code)] File);

impl Directory for FsDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        let full = self.path(path);
        let file = File::open(&full).map_err(|e| read_error(e, path))?;
        let len = file
            .metadata()
            .map_err(|e| OpenReadError::wrap_io_error(e, path.to_path_buf()))?
            .len();
        if len == 0 {
            // An empty file cannot be mapped; it reads as no bytes.
            return Ok(Arc::new(OwnedBytes::empty()));
        }
        // SAFETY: the mapping stays valid while the file changes only as tantivy allows: index
        // files are written once, completely, before they are read, and never written again;
        // deleting one (unlinking it) leaves existing mappings intact. Only this process writes
        // here: it holds the index's owner lock.
        let map = unsafe { memmap2::Mmap::map(&file) }
            .map_err(|e| OpenReadError::wrap_io_error(e, path.to_path_buf()))?;
        Ok(Arc::new(OwnedBytes::new(map)))
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        fs::remove_file(self.path(path)).map_err(|e| {
            if e.kind() == io::ErrorKind::NotFound {
                DeleteError::FileDoesNotExist(path.to_path_buf())
            } else {
                DeleteError::IoError {
                    io_error: Arc::new(e),
                    filepath: path.to_path_buf(),
                }
            }
        })
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        self.path(path)
            .try_exists()
            .map_err(|e| OpenReadError::wrap_io_error(e, path.to_path_buf()))
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        let file = OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(self.path(path))
            .map_err(|e| {
                if e.kind() == io::ErrorKind::AlreadyExists {
                    OpenWriteError::FileAlreadyExists(path.to_path_buf())
                } else {
                    OpenWriteError::wrap_io_error(e, path.to_path_buf())
                }
            })?;
        Ok(BufWriter::new(Box::new(DurableFile(file))))
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        let mut bytes = Vec::new();
        File::open(self.path(path))
            .and_then(|mut f| f.read_to_end(&mut bytes))
            .map_err(|e| read_error(e, path))?;
        Ok(bytes)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        let full = self.path(path);
        let name = full
            .file_name()
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no file name"))?;
        // Beside the target, so that the rename stays on one file system. One writer at a time
        // writes a given file (tantivy holds its meta lock), so a fixed name does not collide.
        let mut tmp_name = name.to_os_string();
        tmp_name.push(".tmp");
        let tmp = full.with_file_name(tmp_name);
        let mut f = File::create(&tmp)?;
        f.write_all(data)?;
        f.sync_data()?;
        drop(f);
        fs::rename(&tmp, &full)?;
        if path == Path::new(META) {
            // Readers of this process reload now (tantivy's `OnCommitWithDelay` policy); the
            // callbacks run on a thread of their own.
            drop(self.watchers.broadcast());
        }
        Ok(())
    }

    fn sync_directory(&self) -> io::Result<()> {
        File::open(&self.root)?.sync_data()
    }

    fn acquire_lock(&self, lock: &Lock) -> Result<DirectoryLock, LockError> {
        let file = OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(false)
            .open(self.path(&lock.filepath))
            .map_err(LockError::wrap_io_error)?;
        if lock.is_blocking {
            file.lock().map_err(LockError::wrap_io_error)?;
        } else {
            match file.try_lock() {
                Ok(()) => {}
                Err(fs::TryLockError::WouldBlock) => return Err(LockError::LockBusy),
                Err(fs::TryLockError::Error(e)) => return Err(LockError::wrap_io_error(e)),
            }
        }
        Ok(DirectoryLock::from(Box::new(HeldLock(file))))
    }

    fn watch(&self, callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        Ok(self.watchers.subscribe(callback))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tantivy::directory::{INDEX_WRITER_LOCK, META_LOCK};
    use tantivy::doc;
    use tantivy::schema::{STORED, Schema, TEXT};
    use tantivy::{Index, ReloadPolicy};

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!(
            "sangkien-fsdir-{name}-{}-{}",
            std::process::id(),
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_nanos())
                .unwrap_or_default()
        ));
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn an_index_written_here_is_read_back_after_reopening() {
        let root = scratch("reopen");
        let mut builder = Schema::builder();
        let title = builder.add_text_field("title", TEXT | STORED);
        let schema = builder.build();
        {
            let index = Index::create(
                FsDirectory::open(&root).unwrap(),
                schema.clone(),
                Default::default(),
            )
            .unwrap();
            let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
            writer
                .add_document(doc!(title => "phần mềm một cửa"))
                .unwrap();
            writer.commit().unwrap();
        }
        let index = Index::open(FsDirectory::open(&root).unwrap()).unwrap();
        let reader = index.reader().unwrap();
        assert_eq!(reader.searcher().num_docs(), 1);
        // The writer lock was released with the writer: a new one can be taken.
        assert!(
            index
                .writer_with_num_threads::<tantivy::TantivyDocument>(1, 15_000_000)
                .is_ok()
        );
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_commit_reaches_a_reader_that_reloads_on_commit() {
        let root = scratch("watch");
        let mut builder = Schema::builder();
        let title = builder.add_text_field("title", TEXT);
        let index = Index::create(
            FsDirectory::open(&root).unwrap(),
            builder.build(),
            Default::default(),
        )
        .unwrap();
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()
            .unwrap();
        let mut writer = index.writer_with_num_threads(1, 15_000_000).unwrap();
        writer.add_document(doc!(title => "chuyển đổi số")).unwrap();
        writer.commit().unwrap();
        // Told by the watcher, not by a manual reload: wait for it (bounded).
        let mut seen = 0;
        for _ in 0..200 {
            seen = reader.searcher().num_docs();
            if seen == 1 {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        assert_eq!(seen, 1);
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn a_held_writer_lock_refuses_a_second_and_is_freed_when_dropped() {
        let root = scratch("lock");
        let dir = FsDirectory::open(&root).unwrap();
        let held = dir.acquire_lock(&INDEX_WRITER_LOCK).unwrap();
        assert!(matches!(
            dir.acquire_lock(&INDEX_WRITER_LOCK),
            Err(LockError::LockBusy)
        ));
        drop(held);
        assert!(dir.acquire_lock(&INDEX_WRITER_LOCK).is_ok());
        // A lock file left behind, as by a crash, does not hold the lock.
        fs::write(root.join(&META_LOCK.filepath), b"").unwrap();
        assert!(dir.acquire_lock(&META_LOCK).is_ok());
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn files_are_written_once_read_mapped_and_deleted() {
        let root = scratch("files");
        let dir = FsDirectory::open(&root).unwrap();
        let p = Path::new("a.bin");
        let mut w = dir.open_write(p).unwrap();
        w.write_all(b"xin chao").unwrap();
        w.terminate().unwrap();
        assert!(matches!(
            dir.open_write(p),
            Err(OpenWriteError::FileAlreadyExists(_))
        ));
        let bytes = dir.open_read(p).unwrap().read_bytes().unwrap();
        assert_eq!(bytes.as_slice(), b"xin chao");
        dir.delete(p).unwrap();
        assert!(!dir.exists(p).unwrap());
        assert!(matches!(
            dir.open_read(p),
            Err(OpenReadError::FileDoesNotExist(_))
        ));
        let empty = Path::new("empty.bin");
        dir.open_write(empty).unwrap().terminate().unwrap();
        assert_eq!(dir.open_read(empty).unwrap().read_bytes().unwrap().len(), 0);
        dir.atomic_write(Path::new("x.json"), b"{}").unwrap();
        assert_eq!(dir.atomic_read(Path::new("x.json")).unwrap(), b"{}");
        fs::remove_dir_all(&root).unwrap();
    }
}
