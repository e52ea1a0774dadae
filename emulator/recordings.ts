import { type Params, type Reply, refuse, succeed } from './reply.ts'
import type { EmulatorState } from './state.ts'

const AUDIO = /\.(wav|mp3)$/i

/** POST /recording/upload/: a wav/mp3 file, or TTS text (`type=tts`), into an album at a sort number. */
export function uploadRecording(state: EmulatorState, params: Params, file: File | undefined): Reply {
  if (!/^\d+$/.test(params.album_number ?? '')) return refuse('album_number is required')
  const album = Number(params.album_number)
  const tts = params.type === 'tts'
  if (tts && !params.text?.trim()) return refuse('text is required when type is tts')
  if (!tts && !file) return refuse('upload_file is required')
  if (!tts && file && !AUDIO.test(file.name)) return refuse('upload_file must be a wav or mp3 file')
  if (params.sort_number !== undefined && params.sort_number !== '' && !/^\d+$/.test(params.sort_number))
    return refuse('sort_number must be a number')

  const inAlbum = state.recordings.filter((recording) => recording.album === album)
  const sort = params.sort_number ? Number(params.sort_number) : Math.max(0, ...inAlbum.map((r) => r.sort)) + 1
  const existing = inAlbum.find((recording) => recording.sort === sort)
  if (existing) {
    if (params.override !== 'yes')
      return refuse(`A recording with sort number ${sort} already exists in album ${album}`)
    state.recordings.splice(state.recordings.indexOf(existing), 1)
  }
  const id = String(900000 + state.nextId())
  state.recordings.push({
    id,
    album,
    sort,
    kind: tts ? 'tts' : 'file',
    ...(params.display_name ? { displayName: params.display_name } : {}),
    ...(tts ? { text: params.text } : { fileName: file?.name, bytes: file?.size }),
  })
  return succeed({ data: id, errors: [] })
}
