/** 'the 40 images of phase "Development"': what a bad image_id is not among (upload checks and the worker). */
export function phaseImageSetName(phaseName: string, images: number): string {
  return `the ${images} images of phase "${phaseName}"`;
}
