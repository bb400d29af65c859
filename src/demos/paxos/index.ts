export default {kind:'standalone', Component: () => null};
