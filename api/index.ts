// Vercel deploys files under api/ as Functions; vercel.json rewrites every path here.
export { default } from '../adapters/vercel/handler.ts'
