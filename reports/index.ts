// The HTML report and the runs browser land here (see DESIGN.md, Reports).
export {};
