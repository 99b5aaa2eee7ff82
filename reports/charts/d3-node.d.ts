// d3-node and d3 ship no types; this declares the part of them the charts use.

declare module 'd3-node' {
  export interface Selection {
    append(name: string): Selection;
    attr(name: string, value: string | number): Selection;
    text(value: string): Selection;
    call(fn: (selection: Selection) => void): Selection;
    selectAll(selector: string): Selection;
    remove(): Selection;
  }

  export interface ContinuousScale {
    (value: number): number;
    domain(domain: readonly number[]): ContinuousScale;
    range(range: readonly number[]): ContinuousScale;
    nice(count?: number): ContinuousScale;
    clamp(clamp: boolean): ContinuousScale;
    ticks(count?: number): number[];
    tickFormat(count?: number, specifier?: string): (value: number) => string;
  }

  export interface Axis {
    (selection: Selection): void;
    ticks(count: number, specifier?: string): Axis;
    tickFormat(format: (value: number) => string): Axis;
    tickValues(values: readonly number[]): Axis;
    tickSizeOuter(size: number): Axis;
    tickSizeInner(size: number): Axis;
  }

  export interface D3Module {
    scaleLinear(): ContinuousScale;
    scaleLog(): ContinuousScale;
    axisBottom(scale: ContinuousScale): Axis;
    axisLeft(scale: ContinuousScale): Axis;
    format(specifier: string): (value: number) => string;
  }

  export interface D3NodeOptions {
    styles?: string;
  }

  export class D3Node {
    constructor(options?: D3NodeOptions);
    readonly d3: D3Module;
    createSVG(width?: number, height?: number, attrs?: Record<string, string | number>): Selection;
    svgString(): string;
  }
}
