package bot_test

import "prixbot/examples"

func readSample() (string, error) {
	b, err := examples.FS.ReadFile(examples.SampleContest)
	return string(b), err
}

func readSampleProjects() (string, error) {
	b, err := examples.FS.ReadFile(examples.SampleProjects)
	return string(b), err
}
