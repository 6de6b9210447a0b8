/** The chat's model picker lives in ./model-picker/ (one concern per file); Chat imports it from here. */
export { ModelPicker } from './model-picker/ModelPicker';
