export * from "./policy";
export * from "./estimate";
