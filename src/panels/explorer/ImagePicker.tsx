import { memo, useEffect, useRef, useState, type DragEvent } from 'react';
import { BUILTIN_IMAGES, type ImageChoice } from '../../state/appState';
import type { Upload } from '../../state/useImageSource';
import { ACCEPTED_TYPES } from '../../state/imageInput';

interface ImagePickerProps {
  current: ImageChoice;
  /** The user's last good upload, kept while other images are shown. */
  upload: Upload | null;
  busy: boolean;
  onChoose: (image: ImageChoice) => void;
  onFile: (file: File) => void;
  /** A drop that carried no file at all. */
  onNotAFile: () => void;
}

/** A thumbnail of the user's image, drawn from its pixels. */
function UploadThumb({ pixels }: { pixels: ImageData }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    let live = true;
    createImageBitmap(pixels).then((bitmap) => {
      if (live) canvas.getContext('2d')?.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      bitmap.close();
    });
    return () => {
      live = false;
    };
  }, [pixels]);
  return <canvas ref={ref} width={44} height={44} className="thumb-canvas" />;
}

/**
 * The images to noise: built-ins, the user's upload once there is one, and "Upload…" — a file
 * picker that also accepts drag-and-drop anywhere on the picker.
 */
export const ImagePicker = memo(function ImagePicker({ current, upload, busy, onChoose, onFile, onNotAFile }: ImagePickerProps) {
  const fileRef = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);

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
      <div className="thumbs">
        <div className="thumbs" role="radiogroup" aria-label="Image to noise">
          {BUILTIN_IMAGES.map((img) => (
            <button
              key={img.id}
              type="button"
              role="radio"
              aria-checked={current === img.id}
              className="thumb"
              onClick={() => onChoose(img.id)}
              disabled={busy}
            >
              <img src={img.src} alt="" width={44} height={44} />
              <span>{img.label}</span>
            </button>
          ))}
          {upload && (
            <button
              type="button"
              role="radio"
              aria-checked={current === 'upload'}
              className="thumb"
              onClick={() => onChoose('upload')}
              disabled={busy}
              title={upload.name}
            >
              <UploadThumb pixels={upload.pixels} />
              <span className="thumb-name">Your image</span>
            </button>
          )}
        </div>
        <button type="button" className="thumb upload" onClick={() => fileRef.current?.click()} disabled={busy}>
          <span className="upload-icon" aria-hidden="true">
            ⇪
          </span>
          <span>Upload…</span>
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
      <p className="hint">
        {upload ? <>Your image: {upload.name}. </> : null}Or drop a PNG, JPEG or WebP here; it is centre-cropped to
        256 × 256.
      </p>
    </div>
  );
});
