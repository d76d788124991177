import { useId, useRef, useState, type DragEvent } from 'react';
import { BUILTIN_IMAGES, type ImageChoice } from '../../state/appState';
import { ACCEPTED_TYPES } from '../../engine/imageInput';

interface ImagePickerProps {
  current: ImageChoice;
  uploadedName: string | null;
  busy: boolean;
  onBuiltin: (id: ImageChoice) => void;
  onFile: (file: File) => void;
  /** A drop that carried no file at all. */
  onNotAFile: () => void;
}

/** Built-in images as thumbnails, plus "upload" via a file picker or drag-and-drop anywhere on it. */
export function ImagePicker({ current, uploadedName, busy, onBuiltin, onFile, onNotAFile }: ImagePickerProps) {
  const fileRef = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const id = useId();

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const file = e.dataTransfer.files[0];
    if (file) onFile(file);
    else onNotAFile();
  };

  return (
    <div
      className={`image-picker${over ? ' drag-over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      data-testid="drop-zone"
    >
      <div className="thumbs" role="radiogroup" aria-label="Image to noise">
        {BUILTIN_IMAGES.map((img) => (
          <button
            key={img.id}
            type="button"
            role="radio"
            aria-checked={current === img.id}
            className="thumb"
            onClick={() => onBuiltin(img.id)}
            disabled={busy}
          >
            <img src={img.src} alt="" width={44} height={44} />
            <span>{img.label}</span>
          </button>
        ))}
        <button
          type="button"
          className="thumb upload"
          role="radio"
          aria-checked={current === 'upload'}
          onClick={() => fileRef.current?.click()}
          disabled={busy}
          aria-describedby={`${id}-hint`}
        >
          <span className="upload-icon" aria-hidden="true">
            ⇪
          </span>
          <span>{uploadedName ? `Your image` : 'Upload…'}</span>
        </button>
      </div>
      <input
        ref={fileRef}
        type="file"
        accept={ACCEPTED_TYPES.join(',')}
        className="visually-hidden"
        aria-label="Upload your own image (PNG, JPEG or WebP)"
        tabIndex={-1}
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) onFile(file);
          e.target.value = '';
        }}
      />
      <p className="hint" id={`${id}-hint`}>
        {uploadedName ? <>Uploaded: {uploadedName}. </> : null}Or drop a PNG, JPEG or WebP here; it is centre-cropped
        to 256 × 256.
      </p>
    </div>
  );
}
