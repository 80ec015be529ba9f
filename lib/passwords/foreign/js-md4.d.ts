declare module "js-md4" {
  const md4: { arrayBuffer(message: string | ArrayBuffer | Uint8Array): ArrayBuffer; hex(message: string | ArrayBuffer | Uint8Array): string };
  export default md4;
}
